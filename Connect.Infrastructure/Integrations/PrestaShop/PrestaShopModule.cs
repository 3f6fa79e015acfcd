using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connect.Infrastructure.Integrations.PrestaShop;

public static class PrestaShopModule
{
    /// <summary>The only place that registers PrestaShop types.</summary>
    public static IServiceCollection AddPrestaShop(this IServiceCollection services)
    {
        services.TryAddSingleton(new PrestaShopClientSettings());
        services.AddSingleton<PrestaShopClientFactory>();
        services.AddSingleton<IIntegrationPlatform, PrestaShopPlatform>();
        services.AddPrestaShopCatalogFeeds();
        services.AddPrestaShopOrderFeeds();
        services.AddPrestaShopStockFeeds();
        services.AddPrestaShopShippingFeeds();
        return services;
    }
}
