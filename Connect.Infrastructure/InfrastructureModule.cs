using Connect.Infrastructure.Integrations;
using Connect.Infrastructure.Integrations.PrestaShop;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using Connect.Infrastructure.Shipping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connect.Infrastructure;

public static class InfrastructureModule
{
    /// <summary>Everything below the portal: database, clock, secrets, shop platforms.</summary>
    public static IServiceCollection AddConnectInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddConnectPersistence(configuration, contentRoot);
        services.AddSingleton<ApiKeyProtector>();
        services.AddSingleton<IntegrationPlatforms>();
        services.AddSingleton<IntegrationSetup>();
        services.AddSingleton<Orders.OrderActions>();
        services.AddSingleton<Orders.OrderQueries>();
        services.AddShipping();
        services.AddPrestaShop();
        services.AddSingleton(Sync.ProductImageLimits.From(configuration));
        return services;
    }
}
