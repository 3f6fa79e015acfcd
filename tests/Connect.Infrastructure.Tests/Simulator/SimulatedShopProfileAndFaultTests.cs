using Connect.PrestaShop.Simulator;

namespace Connect.Infrastructure.Tests.Simulator;

public sealed class SimulatedShopProfileAndFaultTests
{
    [Theory]
    [InlineData("1.5", "1.5.6.3", false)]
    [InlineData("1.6", "1.6.1.24", true)]
    [InlineData("1.7", "1.7.8.11", true)]
    [InlineData("9", "9.0.1", true)]
    public async Task Version_profile_sets_header_fields_and_json(string version, string header, bool json)
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = version });
        var (_, body, response) = await shop.GetAsync("api/products?output_format=JSON&limit=1");
        response.Headers.GetValues("PSWS-Version").Single().ShouldBe(header);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(json ? "application/json" : "text/xml");
        var (_, product, _) = await shop.GetAsync("api/products/1");
        var hasIsbn = SimulatorTestKit.Entity(product).Element("isbn") is not null;
        hasIsbn.ShouldBe(version is "1.7" or "9");
        var (_, stock, _) = await shop.GetAsync("api/stock_availables/1");
        (SimulatorTestKit.Entity(stock).Element("location") is not null).ShouldBe(version is "1.7" or "9");
        _ = body;
    }

    [Fact]
    public async Task Patch_on_17_is_method_not_valid_23()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = "1.7" });
        var (status, body, _) = await shop.SendAsync(HttpMethod.Patch, "api/stock_availables/1", "<prestashop/>");
        status.ShouldBe(405);
        SimulatorTestKit.ErrorCodes(body).ShouldBe([23]);
    }

    [Fact]
    public async Task Product_suppliers_are_read_only_on_15()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = "1.5" });
        (await shop.SendAsync(HttpMethod.Delete, "api/product_suppliers/1")).Status.ShouldBe(405);
    }

    [Fact]
    public async Task Fail_next_fails_exactly_n_requests()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.FailNext(2, 503);
        (await shop.GetAsync("api/products")).Status.ShouldBe(503);
        (await shop.GetAsync("api/products")).Status.ShouldBe(503);
        (await shop.GetAsync("api/products")).Status.ShouldBe(200);
    }

    [Fact]
    public async Task Disabled_webservice_answers_503_code_22()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.WebserviceDisabled = true;
        var (status, body, _) = await shop.GetAsync("api/products");
        status.ShouldBe(503);
        SimulatorTestKit.ErrorCodes(body).ShouldBe([22]);
    }

    [Fact]
    public async Task Html_page_fault_serves_a_maintenance_page()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.HtmlPageStatus = 200;
        var (status, body, response) = await shop.GetAsync("api/products");
        status.ShouldBe(200);
        body.ShouldStartWith("<!doctype html>");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
    }

    [Fact]
    public async Task Stripped_authorization_header_leaves_only_ws_key_working()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.StripAuthorizationHeader = true;
        (await shop.GetAsync("api/products")).Body.ShouldBe("401 Unauthorized");
        (await shop.SendAsync(HttpMethod.Get, $"api/products?ws_key={shop.ApiKey}", key: null)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task Bad_key_fault_refuses_the_right_key()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.BadKey = true;
        SimulatorTestKit.ErrorCodes((await shop.GetAsync("api/products")).Body).ShouldBe([20, 21]);
    }

    [Fact]
    public async Task Hang_holds_the_request_past_the_client_timeout()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.Hang = true;
        using var client = new HttpClient { BaseAddress = shop.BaseUrl, Timeout = TimeSpan.FromMilliseconds(300) };
        await Should.ThrowAsync<TaskCanceledException>(() => client.GetAsync("api/products", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Php_warnings_fault_applies_the_write_then_answers_500()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.PhpWarningsAfterWrite = true;
        shop.Faults.OnlyResource = "stock_availables";
        var (_, row, _) = await shop.GetAsync("api/stock_availables/20");
        var doc = System.Xml.Linq.XDocument.Parse(row);
        doc.Root!.Elements().First().Element("quantity")!.Value = "42";
        var (status, body, _) = await shop.SendAsync(HttpMethod.Put, "api/stock_availables/20", doc.ToString());
        status.ShouldBe(500);
        SimulatorTestKit.ErrorCodes(body).ShouldAllBe(c => c == 3);
        shop.State.StockQuantity(1, 1).ShouldBe(42);
    }

    [Fact]
    public async Task Latency_and_random_errors_target_a_method()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.OnlyMethod = "PUT";
        shop.Faults.ErrorRate = 1;
        (await shop.GetAsync("api/products")).Status.ShouldBe(200);
        (await shop.SendAsync(HttpMethod.Put, "api/stock_availables/1", "<prestashop/>")).Status.ShouldBe(500);
    }
}
