using Connect.PrestaShop.Simulator;

namespace Connect.Infrastructure.Tests.Simulator;

public sealed class SimulatedShopAuthTests(DemoShopFixture fixture) : IClassFixture<DemoShopFixture>
{
    [Fact]
    public async Task Request_without_credentials_gets_the_plain_401_page()
    {
        var (status, body, response) = await fixture.Shop.SendAsync(HttpMethod.Get, "api/products", key: null);
        status.ShouldBe(401);
        body.ShouldBe("401 Unauthorized");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        response.Headers.WwwAuthenticate.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Wrong_key_gets_errors_20_and_21_and_version_0()
    {
        var (status, body, response) = await fixture.Shop.SendAsync(HttpMethod.Get, "api/products", key: "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ");
        status.ShouldBe(401);
        SimulatorTestKit.ErrorCodes(body).ShouldBe([20, 21]);
        response.Headers.GetValues("PSWS-Version").Single().ShouldBe("0");
        SimulatorTestKit.Canonical(body).ShouldBe(SimulatorTestKit.Canonical(File.ReadAllText(Path.Combine(SimulatorTestKit.SeedDirectory, "errors", "401.bad-key.xml"))));
    }

    [Fact]
    public async Task Key_in_ws_key_query_gives_the_same_root_listing()
    {
        var (status, body, _) = await fixture.Shop.SendAsync(HttpMethod.Get, $"api/?ws_key={fixture.Shop.ApiKey}", key: null);
        status.ShouldBe(200);
        SimulatorTestKit.Canonical(body).ShouldBe(SimulatorTestKit.Canonical(File.ReadAllText(Path.Combine(SimulatorTestKit.SeedDirectory, "root.ws_key-query.xml"))));
    }

    [Fact]
    public async Task Removed_permission_shows_in_root_listing_and_refuses_the_method()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Permissions.Deny("stock_availables", "PUT");
        var (_, root, _) = await shop.GetAsync("api/");
        System.Xml.Linq.XDocument.Parse(root).Root!.Element("api")!.Element("stock_availables")!.Attribute("put")!.Value.ShouldBe("false");
        var (status, body, _) = await shop.SendAsync(HttpMethod.Put, "api/stock_availables/20", "<prestashop><stock_available><id>20</id></stock_available></prestashop>");
        status.ShouldBe(405);
        SimulatorTestKit.ErrorCodes(body).ShouldBe([25]);
    }
}
