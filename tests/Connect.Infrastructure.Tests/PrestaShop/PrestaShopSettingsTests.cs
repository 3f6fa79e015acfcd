using Connect.Infrastructure;
using Connect.Infrastructure.Integrations.PrestaShop;
using Connect.Infrastructure.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Infrastructure.Tests.PrestaShop;

/// <summary>How the PrestaShop settings are read from Connect's configuration, new names and old ones.</summary>
public sealed class PrestaShopSettingsTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddConnectInfrastructure(configuration, Path.GetTempPath());
        return services.BuildServiceProvider();
    }

    private static (long Download, long Store) ImageCaps(ServiceProvider services) =>
        (services.GetRequiredService<PrestaShopClientSettings>().MaxImageBytes, services.GetRequiredService<ProductImageLimits>().MaxBytes);

    [Fact]
    public void One_image_size_setting_caps_both_the_download_and_the_image_store()
    {
        using var services = Services(("Connect:PrestaShop:MaxImageMegabytes", "3"));

        ImageCaps(services).ShouldBe((3L * 1024 * 1024, 3L * 1024 * 1024));
    }

    [Fact]
    public void The_older_image_store_setting_still_caps_both_when_the_new_one_is_not_set()
    {
        using var services = Services(("Catalog:MaxImageBytes", "2000000"));

        ImageCaps(services).ShouldBe((2_000_000L, 2_000_000L));
    }

    [Fact]
    public void Without_settings_the_download_and_the_store_accept_the_same_size()
    {
        using var services = Services();

        ImageCaps(services).ShouldBe((ProductImageLimits.DefaultMaxBytes, ProductImageLimits.DefaultMaxBytes));
    }

    [Theory]
    [InlineData("Connect:PrestaShop:AllowInsecureHttp")]
    [InlineData("PrestaShop:AllowInsecureHttp")]
    public void Insecure_http_is_allowed_by_the_new_name_and_the_old_one(string key)
    {
        using var services = Services((key, "true"));

        services.GetRequiredService<PrestaShopClientSettings>().AllowInsecureHttp.ShouldBeTrue();
    }

    [Fact]
    public void Insecure_http_stays_off_unless_asked()
    {
        using var services = Services();

        services.GetRequiredService<PrestaShopClientSettings>().AllowInsecureHttp.ShouldBeFalse();
    }
}
