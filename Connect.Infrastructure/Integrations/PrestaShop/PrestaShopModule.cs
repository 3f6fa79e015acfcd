using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connect.Infrastructure.Integrations.PrestaShop;

public static class PrestaShopModule
{
    /// <summary>The only place that registers PrestaShop types.</summary>
    public static IServiceCollection AddPrestaShop(this IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var configuration = sp.GetService<IConfiguration>();
            long Megabytes(string key, long fallback) =>
                configuration?[key] is { Length: > 0 } text
                    ? long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var mb) && mb > 0 ? mb * 1024 * 1024
                        : throw new InvalidOperationException($"{key} is '{text}'; set it to a whole number of megabytes greater than 0.")
                    : fallback;
            var defaults = new PrestaShopClientSettings();
            return defaults with
            {
                MaxResponseBytes = Megabytes("Connect:PrestaShop:MaxResponseMegabytes", defaults.MaxResponseBytes),
                MaxImageBytes = Sync.ProductImageLimits.From(configuration).MaxBytes,
                AllowInsecureHttp = AllowInsecureHttp(configuration),
            };
        });
        services.AddSingleton<PrestaShopClientFactory>();
        services.AddSingleton<IIntegrationPlatform, PrestaShopPlatform>();
        services.AddPrestaShopCatalogFeeds();
        services.AddPrestaShopOrderFeeds();
        services.AddPrestaShopStockFeeds();
        services.AddPrestaShopShippingFeeds();
        return services;
    }

    /// <summary>Read as <c>Connect:PrestaShop:AllowInsecureHttp</c>, beside the other PrestaShop settings; the older <c>PrestaShop:AllowInsecureHttp</c> is still honoured.</summary>
    internal static bool AllowInsecureHttp(IConfiguration? configuration) =>
        configuration?.GetValue<bool?>("Connect:PrestaShop:AllowInsecureHttp") ?? configuration?.GetValue<bool?>("PrestaShop:AllowInsecureHttp") ?? false;
}
