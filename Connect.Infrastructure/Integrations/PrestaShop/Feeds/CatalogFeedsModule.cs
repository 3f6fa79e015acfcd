using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

public static class CatalogFeedsModule
{
    public const string Platform = PrestaShopPlatform.PlatformName;

    /// <summary>The six PrestaShop catalog feeds, registered with the feed engine, and what they use. Called by AddPrestaShop().</summary>
    public static IServiceCollection AddPrestaShopCatalogFeeds(this IServiceCollection services)
    {
        services.AddCatalogIntake();
        services.TryAddSingleton(new CatalogFeedOptions());
        services.TryAddSingleton<ICatalogClientSource, FactoryClientSource>();
        services.AddSingleton<IFeedErrorExplainer, PrestaShopFeedErrorExplainer>();
        services.AddFeed<ImportNewProductsFeed>(Platform, FeedKind.ImportNewProducts);
        services.AddFeed<UpdateProductsFeed>(Platform, FeedKind.UpdateProducts);
        services.AddFeed<ProductSyncFeed>(Platform, FeedKind.ProductSync);
        services.AddFeed<ImportProductImagesFeed>(Platform, FeedKind.ImportProductImages);
        services.AddFeed<ImportSuppliersFeed>(Platform, FeedKind.ImportSuppliers);
        services.AddFeed<ProductSupplierImportFeed>(Platform, FeedKind.ProductSupplierImport);
        return services;
    }
}
