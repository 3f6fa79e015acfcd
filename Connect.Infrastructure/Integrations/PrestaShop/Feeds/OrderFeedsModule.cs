using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

public static class OrderFeedsModule
{
    /// <summary>The three PrestaShop order feeds (Import new orders, Retry, Update orders) and the order intake. Called by AddPrestaShop().</summary>
    public static IServiceCollection AddPrestaShopOrderFeeds(this IServiceCollection services)
    {
        services.TryAddTransient<OrderIntake>();
        services.TryAddSingleton(new OrderFeedOptions());
        services.AddFeed<ImportNewOrdersFeed>(CatalogFeedsModule.Platform, FeedKind.ImportNewOrders);
        services.AddFeed<RetryOrdersFeed>(CatalogFeedsModule.Platform, FeedKind.Retry);
        services.AddFeed<UpdateOrdersFeed>(CatalogFeedsModule.Platform, FeedKind.UpdateOrders);
        return services;
    }
}
