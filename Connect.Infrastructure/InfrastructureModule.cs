using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Infrastructure;

public static class InfrastructureModule
{
    /// <summary>Everything below the portal: database, clock, secrets.</summary>
    public static IServiceCollection AddConnectInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddConnectPersistence(configuration, contentRoot);
        services.AddSingleton<ApiKeyProtector>();
        return services;
    }
}
