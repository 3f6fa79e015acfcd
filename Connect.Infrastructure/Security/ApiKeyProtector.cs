using Microsoft.AspNetCore.DataProtection;

namespace Connect.Infrastructure.Security;

/// <summary>
/// Encrypts integration API keys at rest with ASP.NET Data Protection, whose keys live in the database so
/// every Connect instance can read what another one saved.
/// </summary>
public sealed class ApiKeyProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Connect.Integrations.ApiKey.v1");

    public string Protect(string apiKey) => _protector.Protect(apiKey.Trim());

    public string Unprotect(string protectedKey)
    {
        try
        {
            return _protector.Unprotect(protectedKey);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Never echo the stored value: it is the key's ciphertext.
            throw new InvalidOperationException("The saved API key cannot be decrypted (the encryption keys changed). Enter the API key again in Configuration > API connection.");
        }
    }
}
