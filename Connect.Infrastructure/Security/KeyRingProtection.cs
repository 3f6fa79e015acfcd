using System.Xml.Linq;
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
        // A key stored in clear holds its <masterKey>; an encrypted one only <encryptedSecret>.
        var clear = await db.DataProtectionKeys.Where(k => k.Xml != null && k.Xml.Contains("<masterKey")).ToListAsync(ct);
        if (clear.Count == 0) return;
        var clearIds = clear.Select(k => (string?)XElement.Parse(k.Xml!).Attribute("id")).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);

        // The new key first and the clear ones revoked, before anything loads the key ring, so that the ring then
        // chooses the new key to protect; revoked keys can still be read on purpose (UnprotectRevoked).
        var now = clock.GetUtcNow();
        var fresh = keys.CreateNewKey(activationDate: now, expirationDate: now.AddDays(90));
        foreach (var key in keys.GetAllKeys().Where(k => k.KeyId != fresh.KeyId && clearIds.Contains(k.KeyId.ToString())))
            keys.RevokeKey(key.KeyId, "Stored without the Data Protection certificate; replaced by an encrypted key.");
        var integrations = await db.Integrations.ToListAsync(ct);
        var moved = 0;
        foreach (var integration in integrations)
        {
            if (protector.UnprotectRevoked(integration.ProtectedApiKey) is not { } apiKey) continue; // the admin enters it again, as the page says
            integration.ReplaceApiKey(protector.Protect(apiKey), apiKey);
            moved++;
        }
        // Never delete a key that a value still needs: if the ring still protected with an old key, the next start finishes.
        if (integrations.Any(i => ApiKeyProtector.KeyIdOf(i.ProtectedApiKey) is { } id && clearIds.Contains(id.ToString())))
        {
            await db.SaveChangesAsync(ct);
            logger.LogWarning("The API keys could not all be moved to the encrypted Data Protection key yet; restart Connect to finish.");
            return;
        }
        var revocations = (await db.DataProtectionKeys.Where(k => k.Xml != null && k.Xml.StartsWith("<revocation")).ToListAsync(ct))
            .Where(r => clearIds.Any(id => r.Xml!.Contains(id, StringComparison.OrdinalIgnoreCase)));
        db.DataProtectionKeys.RemoveRange(clear.Concat(revocations));
        await db.SaveChangesAsync(ct);
        logger.LogWarning("The Data Protection key ring had {Count} key(s) stored without the certificate: {Moved} API key(s) were protected again with a new encrypted key and the old keys deleted. Users sign in again.",
            clear.Count, moved);
    }
}
