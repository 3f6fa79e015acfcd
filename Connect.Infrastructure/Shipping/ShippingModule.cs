using Connect.Infrastructure.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Infrastructure.Shipping;

public static class ShippingModule
{
    /// <summary>Shipping orders and the platform-neutral outbox of shipping confirmations.</summary>
    public static IServiceCollection AddShipping(this IServiceCollection services)
    {
        services.AddSingleton<ShippingService>();
        services.AddSingleton<ShippingConfirmationQueue>();
        return services;
    }
}
