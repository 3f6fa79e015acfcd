using Bunit;
using Connect.Testing;
using Connect.Web.Components.Integrations.Configuration;

namespace Connect.Web.Tests.Integrations;

[Collection(SqliteCollection.Name)]
public sealed class ApiConnectionSectionTests(SqliteDatabaseFixture database) : IntegrationTestContext(database)
{
    private IRenderedComponent<ApiConnectionSection> Render() => Render<ApiConnectionSection>(p => p.Add(s => s.IntegrationId, IntegrationId));

    [Fact]
    public void Loads_the_saved_url_and_shows_only_the_key_hint()
    {
        var cut = Render();

        cut.WaitForAssertion(() => cut.Find("#api-url").GetAttribute("value").ShouldBe(Shop.BaseUrl.ToString().TrimEnd('/')));
        cut.Markup.ShouldContain("Saved key …0001");
        cut.Markup.ShouldNotContain(Shop.ApiKey);
        cut.Find("#api-key").GetAttribute("value").ShouldBeNullOrEmpty();
    }

    [Fact]
    public async Task Saving_retests_the_shop_and_stores_exactly_what_was_entered()
    {
        var cut = Render();
        cut.WaitForElement("#api-url");

        cut.Find("#api-concurrency").Change("2");
        cut.Find("#api-save").Click();

        cut.WaitForAssertion(() => cut.Find("#api-status").TextContent.ShouldBe("Data saved."));
        var saved = await SavedIntegrationAsync();
        saved.Settings.RequestConcurrency.ShouldBe(2);
        saved.ShopId.ShouldBeNull();
        Protector.Unprotect(saved.ProtectedApiKey).ShouldBe(Shop.ApiKey);
    }

    [Fact]
    public async Task A_new_key_replaces_the_saved_one_and_only_its_hint_is_shown()
    {
        var cut = Render();
        cut.WaitForElement("#api-url");

        cut.Find("#api-key").Input(Shop.ApiKey);
        cut.Find("#api-save").Click();

        cut.WaitForAssertion(() => cut.Find("#api-status").TextContent.ShouldBe("Data saved."));
        cut.Find("#api-key").GetAttribute("value").ShouldBeNullOrEmpty();
        (await SavedIntegrationAsync()).ApiKeyHint.ShouldBe("…0001");
    }

    [Fact]
    public async Task Invalid_url_is_refused_on_the_field_and_nothing_is_saved()
    {
        var cut = Render();
        cut.WaitForElement("#api-url");

        cut.Find("#api-url").Input("shop.example.com");
        cut.Find("#api-save").Click();

        cut.WaitForAssertion(() => cut.Find("#api-status").GetAttribute("data-status").ShouldBe("error"));
        cut.Markup.ShouldContain("starting with https://");
        (await SavedIntegrationAsync()).Url.ShouldBe(Shop.BaseUrl.ToString().TrimEnd('/'));
    }

    [Fact]
    public async Task Wrong_key_is_refused_with_the_cgi_mode_advice_and_the_saved_key_is_kept()
    {
        var before = (await SavedIntegrationAsync()).ProtectedApiKey;
        var cut = Render();
        cut.WaitForElement("#api-url");

        cut.Find("#api-key").Input("WRONGKEYWRONGKEYWRONGKEYWRONGKEY");
        cut.Find("#api-save").Click();

        cut.WaitForAssertion(() => cut.Find("#api-status").TextContent.ShouldContain("refused the API key"));
        cut.Find("#api-status").TextContent.ShouldContain("Enable CGI mode for PHP");
        (await SavedIntegrationAsync()).ProtectedApiKey.ShouldBe(before);
    }

    [Fact]
    public async Task Unreachable_shop_is_refused_with_the_error()
    {
        Shop.Faults.WebserviceDisabled = true;
        var cut = Render();
        cut.WaitForElement("#api-url");

        cut.Find("#api-concurrency").Change("8");
        cut.Find("#api-save").Click();

        cut.WaitForAssertion(() => cut.Find("#api-status").TextContent.ShouldContain("Webservice is switched off"));
        (await SavedIntegrationAsync()).Settings.RequestConcurrency.ShouldBe(4);
    }

    [Fact]
    public async Task A_concurrency_of_zero_is_refused_on_the_field_instead_of_being_saved_as_one()
    {
        var cut = Render();
        cut.WaitForElement("#api-url");

        cut.Find("#api-concurrency").Change("0");
        cut.Find("#api-save").Click();

        cut.WaitForAssertion(() => cut.Find("#api-status").TextContent.ShouldContain("between 1 and 16"));
        cut.Markup.ShouldNotContain("Data saved.");
        (await SavedIntegrationAsync()).Settings.RequestConcurrency.ShouldBe(4);
    }
}
