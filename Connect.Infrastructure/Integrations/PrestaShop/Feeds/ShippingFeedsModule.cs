using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Shipping;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

public static class ShippingFeedsModule
{
    /// <summary>The PrestaShop shipping confirmation feed and what it uses. Called by AddPrestaShop().</summary>
    public static IServiceCollection AddPrestaShopShippingFeeds(this IServiceCollection services)
    {
        services.AddShipping();
        services.TryAddSingleton(new ShippingConfirmationOptions());
        services.TryAddSingleton<ICatalogClientSource, FactoryClientSource>();
        services.AddFeed<ShippingConfirmationFeed>(PrestaShopPlatform.PlatformName, FeedKind.ShippingConfirmation);
        return services;
    }
}
