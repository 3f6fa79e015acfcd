using Connect.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connect.Infrastructure.Security;

/// <summary>Whether the Data Protection key ring in the database is encrypted with a certificate (Connect:DataProtection:CertificatePath).</summary>
public sealed record KeyRingProtection(bool Encrypted)
{
    public const string Warning =
        "No Data Protection certificate is set: the key ring in the database is not encrypted, so anyone with a copy of the database " +
        "can read every shop's API key and forge sign-in cookies. Set Connect:DataProtection:CertificatePath (and ...:CertificatePassword) " +
        "to a .pfx certificate and restart Connect; the keys already stored are then protected by it.";
}

/// <summary>
/// Brings the key ring in line with the certificate at start. Keys created before a certificate was set are stored in
/// clear: a new key (encrypted with the certificate) is created, every integration's API key is protected again with
/// it, and the clear keys are deleted, so the database no longer holds anything that decrypts the API keys without the
/// certificate. Users signed in with the old keys sign in again.
/// </summary>
public sealed class KeyRingMigration(KeyRingProtection protection, IKeyManager keys, ApiKeyProtector protector,
    IDbContextFactory<ConnectDbContext> contexts, TimeProvider clock, ILogger<KeyRingMigration> logger)
{
    public async Task ProtectStoredKeysAsync(CancellationToken ct = default)
    {
        if (!protection.Encrypted) return;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var clear = await db.DataProtectionKeys.Where(k => k.Xml != null && !k.Xml.Contains("EncryptedData")).ToListAsync(ct);
        if (clear.Count == 0) return;

        // Read every API key with the old keys first: they are about to go.
        var integrations = await db.Integrations.ToListAsync(ct);
        var plain = integrations.ToDictionary(i => i.Id, i => TryUnprotect(i.ProtectedApiKey));
        var now = clock.GetUtcNow();
        keys.CreateNewKey(activationDate: now.AddMinutes(-1), expirationDate: now.AddDays(90));
        foreach (var integration in integrations)
            if (plain[integration.Id] is { } apiKey)
                integration.ReplaceApiKey(protector.Protect(apiKey), apiKey);
        db.DataProtectionKeys.RemoveRange(clear);
        await db.SaveChangesAsync(ct);
        logger.LogWarning("The Data Protection key ring had {Count} key(s) stored without the certificate: {Integrations} API key(s) were protected again with a new encrypted key and the old keys deleted. Users sign in again.",
            clear.Count, plain.Count(p => p.Value is not null));
    }

    private string? TryUnprotect(string protectedKey)
    {
        try { return protector.Unprotect(protectedKey); }
        catch (InvalidOperationException) { return null; } // already unreadable: the admin enters it again, as the page says
    }
}
