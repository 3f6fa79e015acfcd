using Connect.Infrastructure.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connect.Infrastructure.Shipping;

public static class ShippingModule
{
    /// <summary>Shipping orders and the platform-neutral outbox of shipping confirmations.</summary>
    public static IServiceCollection AddShipping(this IServiceCollection services)
    {
        services.TryAddSingleton<ShippingService>();
        services.TryAddSingleton<ShippingConfirmationQueue>();
        return services;
    }
}
