using Connect.Infrastructure.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

public static class CatalogFeedsModule
{
    /// <summary>The five PrestaShop catalog feeds and what they use.</summary>
    public static IServiceCollection AddPrestaShopCatalogFeeds(this IServiceCollection services)
    {
        services.AddCatalogIntake();
        services.AddSingleton(new CatalogFeedOptions());
        services.AddTransient<ImportNewProductsFeed>();
        services.AddTransient<UpdateProductsFeed>();
        services.AddTransient<ImportProductImagesFeed>();
        services.AddTransient<ImportSuppliersFeed>();
        services.AddTransient<ProductSupplierImportFeed>();
        return services;
    }
}
