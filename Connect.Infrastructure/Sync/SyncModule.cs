using Microsoft.Extensions.DependencyInjection;

namespace Connect.Infrastructure.Sync;

public static class SyncModule
{
    /// <summary>Platform-neutral catalog intake and the product image file store.</summary>
    public static IServiceCollection AddCatalogIntake(this IServiceCollection services)
    {
        services.AddSingleton<ProductImageStore>();
        services.AddTransient<ProductIntake>();
        services.AddTransient<SupplierIntake>();
        services.AddTransient<ProductImageIntake>();
        services.AddTransient<Catalog.ProductShops>();
        return services;
    }
}
