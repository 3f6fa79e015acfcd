using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connect.Infrastructure.Inventory;

public static class InventoryModule
{
    /// <summary>Stock services, the sellable quantity and the export wake-up. Platform-neutral; called by the platforms' stock feeds.</summary>
    public static IServiceCollection AddInventory(this IServiceCollection services)
    {
        services.TryAddSingleton<StockExportSignal>();
        services.TryAddSingleton<SellableQuantity>();
        services.TryAddSingleton<InventoryService>();
        services.TryAddSingleton<StockQueries>();
        services.TryAddSingleton<InventorySync>();
        services.TryAddSingleton(new StockExportWakerOptions());
        if (!services.Any(d => d.ServiceType == typeof(StockExportWaker)))
        {
            services.AddSingleton<StockExportWaker>();
            services.AddHostedService(sp => sp.GetRequiredService<StockExportWaker>());
        }
        return services;
    }
}
