using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>Feed runs take the client of their saved integration from the PrestaShop client factory.</summary>
public sealed class FactoryClientSource(PrestaShopClientFactory factory) : ICatalogClientSource
{
    public Task<PrestaShopClient> OpenAsync(int integrationId, CancellationToken ct) => factory.CreateAsync(integrationId, ct);
}
