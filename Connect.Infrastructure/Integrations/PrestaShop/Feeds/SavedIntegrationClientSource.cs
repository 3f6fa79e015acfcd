using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>The client of a saved integration: its URL, decrypted key, shop id and request concurrency.</summary>
public sealed class SavedIntegrationClientSource(IDbContextFactory<ConnectDbContext> contexts, ApiKeyProtector protector) : ICatalogClientSource
{
    public async Task<PrestaShopClient> OpenAsync(int integrationId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == integrationId, ct)
            ?? throw new InvalidOperationException($"Integration {integrationId} does not exist (it may have been deleted).");
        if (string.IsNullOrEmpty(integration.ProtectedApiKey))
            throw new InvalidOperationException($"Integration '{integration.Name}' has no API key yet. Enter it in Configuration > API connection, then run the feed again.");
        return new PrestaShopClient(new PrestaShopClientOptions
        {
            BaseUrl = integration.Url,
            ApiKey = protector.Unprotect(integration.ProtectedApiKey),
            ShopId = integration.ShopId,
            MaxConcurrency = integration.Settings.RequestConcurrency,
        });
    }
}
