using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.PrestaShop.Simulator;

namespace Connect.Infrastructure.Tests.PrestaShop;

/// <summary>
/// The client against the simulator, in every version profile and every fault mode: what Connect's feeds will
/// do for real, over HTTP, with the shop's resulting state checked.
/// </summary>
public sealed class ClientAgainstSimulatorTests
{
    public static TheoryData<string, string> Versions => new()
    {
        { "1.5", "1.5." }, { "1.6", "1.6." }, { "1.7", "1.7." }, { "8", "8." }, { "9", "9." },
    };

    private static PrestaShopClient ClientFor(SimulatedShop shop, TimeSpan? timeout = null, int retries = 2) => new(new PrestaShopClientOptions
    {
        BaseUrl = shop.BaseUrl.ToString(),
        ApiKey = shop.ApiKey,
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
        RetryCount = retries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    });

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Reads_the_whole_demo_shop_in_every_version(string version, string header)
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = version });
        using var client = ClientFor(shop);

        (await client.GetVersionAsync())!.Raw.ShouldStartWith(header);
        var products = new List<Product>();
        await foreach (var page in client.PagesAsync<Product>(pageSize: 7)) products.AddRange(page);
        products.Count.ShouldBe(19);
        products.Select(p => p.Id).ShouldBeUnique();
        (await client.ListAsync<Combination>()).Count.ShouldBe(39);
        (await client.ListAsync<Supplier>()).Count.ShouldBe(2);
        (await client.ListAsync<ProductSupplier>()).Count.ShouldBe(73);
        (await client.GetOrderStatesAsync()).Count.ShouldBe(13);
        (await client.GetCarriersAsync()).Count.ShouldBe(4);
        var orders = await client.ListAsync<Order>();
        orders.Count.ShouldBe(5);
        orders.ShouldAllBe(o => o.Rows.Count > 0);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Writes_stock_tracking_and_status_in_every_version(string version, string header)
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = version });
        using var client = ClientFor(shop);
        header.ShouldNotBeEmpty();

        var row = (await client.GetStockAvailablesAsync(1)).First(s => s.IdProductAttribute != 0);
        var saved = await client.SetStockQuantityAsync(row.Id, 42);
        saved.Quantity.ShouldBe(42);
        shop.State.StockQuantity(1, (int)row.IdProductAttribute).ShouldBe(42);

        var carrier = (await client.GetOrderCarriersAsync(1)).Single();
        (await client.SetTrackingNumberAsync(carrier.Id, "TRACK-123", sendEmail: true)).TrackingNumber.ShouldBe("TRACK-123");
        shop.State.Find("orders", 1)!["shipping_number"].ShouldBe("TRACK-123");
        // The in-transit e-mail exists only from 1.7 on; older shops must not be asked for it.
        var inTransitMails = shop.State.Mails.Count(m => m.Kind == "in_transit");
        inTransitMails.ShouldBe(version is "1.5" or "1.6" ? 0 : 1);

        var change = await client.AddOrderHistoryAsync(1, 4, sendEmail: false);
        change.Created.ShouldBeTrue();
        shop.State.Find("orders", 1)!.Int("current_state").ShouldBe(4);
        var again = await client.AddOrderHistoryAsync(1, 4, sendEmail: false);
        again.AlreadyInState.ShouldBeTrue();
        shop.Writes.For("POST", "order_histories").Count().ShouldBe(1);
    }

    [Fact]
    public async Task A_stripped_authorization_header_falls_back_to_ws_key_and_says_so()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.StripAuthorizationHeader = true;
        using var client = ClientFor(shop);

        (await client.GetOrderStatesAsync()).Count.ShouldBe(13);
        client.AuthorizationHeaderStripped.ShouldBeTrue();
    }

    [Fact]
    public async Task A_bad_key_is_a_fatal_error_that_says_how_to_fix_it()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.BadKey = true;
        using var client = ClientFor(shop);

        var error = await Should.ThrowAsync<PrestaShopException>(() => client.GetOrderStatesAsync());
        error.Kind.ShouldBe(PrestaShopErrorKind.BadKey);
        error.IsFatal.ShouldBeTrue();
        error.Explanation.ShouldContain("Webservice");
        error.ToString().ShouldNotContain(shop.ApiKey);
    }

    [Fact]
    public async Task A_disabled_webservice_says_where_to_enable_it()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.WebserviceDisabled = true;
        using var client = ClientFor(shop);

        var error = await Should.ThrowAsync<PrestaShopException>(() => client.GetRootAsync());
        error.Kind.ShouldBe(PrestaShopErrorKind.WebserviceDisabled);
        error.Explanation.ShouldContain("Enable");
    }

    [Fact]
    public async Task An_html_page_instead_of_xml_points_at_the_url_maintenance_or_rewriting()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.HtmlPageStatus = 200;
        using var client = ClientFor(shop, retries: 0);

        var error = await Should.ThrowAsync<PrestaShopException>(() => client.GetOrderStatesAsync());
        error.Kind.ShouldBe(PrestaShopErrorKind.HtmlInsteadOfXml);
        error.IsFatal.ShouldBeTrue();
        error.Explanation.ShouldContain("URL");
    }

    [Fact]
    public async Task A_maintenance_page_is_a_passing_failure_retried_later()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.HtmlPageStatus = 503;
        using var client = ClientFor(shop, retries: 0);

        var error = await Should.ThrowAsync<PrestaShopException>(() => client.GetOrderStatesAsync());
        error.IsTransient.ShouldBeTrue();
        error.Explanation.ShouldContain("maintenance mode");
    }

    [Fact]
    public async Task A_shop_that_never_answers_times_out_with_advice()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.Hang = true;
        using var client = ClientFor(shop, timeout: TimeSpan.FromMilliseconds(300), retries: 0);

        var error = await Should.ThrowAsync<PrestaShopException>(() => client.GetOrderStatesAsync());
        error.Kind.ShouldBe(PrestaShopErrorKind.Timeout);
        error.IsTransient.ShouldBeTrue();
    }

    [Fact]
    public async Task Transient_server_errors_on_reads_are_retried_until_the_shop_answers()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.FailNext(2, 503);
        using var client = ClientFor(shop, retries: 3);

        (await client.GetCarriersAsync()).Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_shop_that_keeps_failing_reports_a_transient_server_error()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.ErrorRate = 1.0;
        shop.Faults.ErrorStatus = 502;
        using var client = ClientFor(shop, retries: 2);

        var error = await Should.ThrowAsync<PrestaShopException>(() => client.GetCarriersAsync());
        error.IsTransient.ShouldBeTrue();
        error.HttpStatus.ShouldBe(502);
    }

    [Fact]
    public async Task Php_warnings_after_a_successful_stock_write_do_not_fail_it()
    {
        await using var shop = await SimulatedShop.StartAsync();
        using var client = ClientFor(shop);
        var row = (await client.GetStockAvailablesAsync(1)).First(s => s.IdProductAttribute != 0);
        shop.Faults.PhpWarningsAfterWrite = true;

        (await client.SetStockQuantityAsync(row.Id, 7)).Quantity.ShouldBe(7);
        shop.State.StockQuantity(1, (int)row.IdProductAttribute).ShouldBe(7);
    }

    [Fact]
    public async Task Php_warnings_after_an_order_status_post_never_post_twice()
    {
        await using var shop = await SimulatedShop.StartAsync();
        using var client = ClientFor(shop);
        shop.Faults.PhpWarningsAfterWrite = true;

        var change = await client.AddOrderHistoryAsync(2, 4, sendEmail: false);

        shop.State.Find("orders", 2)!.Int("current_state").ShouldBe(4);
        change.OrderStateId.ShouldBe(4);
        shop.Writes.For("POST", "order_histories").Count().ShouldBe(1);
    }

    [Fact]
    public async Task A_missing_permission_names_the_box_to_tick()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Permissions.Deny("orders", "GET");
        using var client = ClientFor(shop);

        var error = await Should.ThrowAsync<PrestaShopException>(() => client.ListAsync<Order>());
        error.Kind.ShouldBe(PrestaShopErrorKind.MissingPermission);
        var test = await client.TestConnectionAsync();
        test.MissingPermissions.ShouldContain(p => p.Resource == "orders" && p.Method == "GET");
    }

    [Fact]
    public async Task Advanced_stock_management_refuses_stock_writes_with_the_reason()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = "1.6", AdvancedStockManagement = true });
        using var client = ClientFor(shop);

        (await client.GetStockManagementAsync()).AdvancedStockManagement.ShouldBeTrue();
        var row = (await client.GetStockAvailablesAsync(1)).First();
        var error = await Should.ThrowAsync<PrestaShopException>(() => client.SetStockQuantityAsync(row.Id, 3));
        error.Kind.ShouldBe(PrestaShopErrorKind.AsmEnabled);
        shop.Writes.For("PUT", "stock_availables").ShouldBeEmpty();
    }

    [Fact]
    public async Task Latency_slows_but_does_not_break_paging()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.Latency = TimeSpan.FromMilliseconds(20);
        using var client = ClientFor(shop);

        var count = 0;
        await foreach (var page in client.PagesAsync<Combination>(pageSize: 10)) count += page.Count;
        count.ShouldBe(39);
    }
}
