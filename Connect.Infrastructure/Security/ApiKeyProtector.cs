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

    /// <summary>
    /// Reads a key protected with a Data Protection key that has since been revoked (the key ring migration revokes the
    /// keys stored in clear before it protects the API keys again); null when it cannot be read at all.
    /// </summary>
    public string? UnprotectRevoked(string protectedKey)
    {
        try
        {
            var bytes = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(protectedKey);
            return _protector is IPersistedDataProtector persisted
                ? System.Text.Encoding.UTF8.GetString(persisted.DangerousUnprotect(bytes, ignoreRevocationErrors: true, out _, out _))
                : _protector.Unprotect(protectedKey);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException) { return null; }
    }

    /// <summary>The Data Protection key a protected value was written with (its payload starts with a magic number, then the key id).</summary>
    public static Guid? KeyIdOf(string protectedKey)
    {
        try
        {
            var bytes = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(protectedKey);
            return bytes.Length >= 20 ? new Guid(bytes.AsSpan(4, 16)) : null;
        }
        catch (FormatException) { return null; }
    }

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
