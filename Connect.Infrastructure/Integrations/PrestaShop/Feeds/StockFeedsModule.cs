using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Inventory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

public static class StockFeedsModule
{
    /// <summary>The three PrestaShop stock feeds and what they use. Called by AddPrestaShop().</summary>
    public static IServiceCollection AddPrestaShopStockFeeds(this IServiceCollection services)
    {
        services.AddInventory();
        services.TryAddSingleton(new StockFeedOptions());
        services.TryAddSingleton<ICatalogClientSource, FactoryClientSource>();
        services.AddFeed<ImportStockLevelsFeed>(CatalogFeedsModule.Platform, FeedKind.ImportStockLevels);
        services.AddFeed<StockLevelExportFeed>(CatalogFeedsModule.Platform, FeedKind.StockLevelExport);
        services.AddFeed<StockCheckFeed>(CatalogFeedsModule.Platform, FeedKind.StockCheck);
        return services;
    }
}
