using Connect.Domain;
using Connect.Domain.Integrations;

namespace Connect.Domain.Tests.Integrations;

public sealed class IntegrationTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("shop.example.com")]
    [InlineData("ftp://shop.example.com")]
    [InlineData("")]
    public void An_invalid_url_is_refused_with_an_example(string url) =>
        Should.Throw<DomainException>(() => new Integration("Shop", "PrestaShop", url, 1, Now)).Message.ShouldContain("https://");

    [Fact]
    public void The_url_is_kept_without_trailing_slash_query_or_fragment()
    {
        var integration = new Integration("Shop", "PrestaShop", " https://shop.example.com/fr/?x=1#a ", 1, Now);
        integration.Url.ShouldBe("https://shop.example.com/fr");
    }

    [Fact]
    public void Only_the_last_characters_of_the_key_are_kept_in_clear()
    {
        var integration = new Integration("Shop", "PrestaShop", "https://shop.example.com", 1, Now);
        integration.ReplaceApiKey("ciphertext", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345");
        integration.ApiKeyHint.ShouldBe("…2345");
        integration.ProtectedApiKey.ShouldBe("ciphertext");
        Should.Throw<DomainException>(() => integration.ReplaceApiKey("", ""));
    }

    [Fact]
    public void A_new_integration_is_not_live_and_imports_orders_into_its_store()
    {
        var integration = new Integration("Shop", "PrestaShop", "https://shop.example.com", 7, Now);
        integration.IsLive.ShouldBeFalse();
        integration.Settings.ImportOrdersToStoreId.ShouldBe(7);
        integration.Settings.RequestConcurrency.ShouldBe(4);
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        var integration = new Integration("Shop", "PrestaShop", "https://shop.example.com", 1, Now);
        Should.Throw<DomainException>(() => integration.ChangeSettings(integration.Settings with { RequestConcurrency = 0 }));
        Should.Throw<DomainException>(() => integration.ChangeSettings(integration.Settings with { ImportOrdersFromId = -1 }));
        Should.Throw<DomainException>(() => integration.UseShop(0));
    }
}
