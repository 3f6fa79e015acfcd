using Connect.Domain.Integrations;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Integrations;

/// <summary>
/// Finds the platform of an integration and the connection to its shop (key decrypted in memory only).
/// The portal goes through here so it never depends on a platform's own types.
/// </summary>
public sealed class IntegrationPlatforms(IEnumerable<IIntegrationPlatform> platforms, IDbContextFactory<ConnectDbContext> contexts,
    ApiKeyProtector protector)
{
    private readonly IReadOnlyList<IIntegrationPlatform> _platforms = platforms.ToList();

    public IReadOnlyList<string> Names => _platforms.Select(p => p.Name).ToList();

    public IIntegrationPlatform Get(string name) =>
        _platforms.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"No platform '{name}' is registered; this Connect build supports {string.Join(", ", Names)}.");

    /// <summary>The connection of a saved integration, with its key decrypted.</summary>
    public ShopConnection ConnectionOf(Integration integration) =>
        new(integration.Url, protector.Unprotect(integration.ProtectedApiKey), integration.ShopId, integration.Settings.RequestConcurrency);

    /// <summary>Loads an integration and returns its platform and connection.</summary>
    public async Task<(IIntegrationPlatform Platform, ShopConnection Connection)> ConnectAsync(int integrationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == integrationId, ct)
            ?? throw new InvalidOperationException($"Integration {integrationId} does not exist (it may have been deleted).");
        return (Get(integration.Platform), ConnectionOf(integration));
    }
}
