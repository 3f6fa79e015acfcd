using System.Diagnostics;
using System.Text.RegularExpressions;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Identity;
using Connect.PrestaShop.Simulator;
using Connect.Testing.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests.Journey;

/// <summary>The situations beside the go-live journey: a wrong key, a store-limited operator, two windows, two shops.</summary>
[Collection(ScenarioCollection.Name)]
public sealed class MerchantScenarioTests(ScenarioConnect connect)
{
    private readonly ScenarioSetup setup = new(connect);

    [Fact]
    public async Task A_wrong_api_key_shows_where_to_fix_it_in_the_wizard_and_blocks_saving()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.BadKey = true;
        var page = await SignedInAdminAsync();

        var wizard = new NewIntegrationPage(page);
        await wizard.UpToTestAsync("Shop with a wrong key", "Main store", shop.BaseUrl.ToString(), "WRONGKEYWRONGKEYWRONGKEYWRONGKEY");
        await Expect(wizard.Report).ToContainTextAsync("Advanced Parameters > Webservice");
        await Expect(wizard.Next).ToBeDisabledAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_operator_of_one_store_sees_only_its_orders_and_cannot_run_the_feeds_of_another_store()
    {
        await using var paris = await SimulatedShop.StartAsync();
        await using var lyon = await SimulatedShop.StartAsync();
        foreach (var (shop, reference) in new[] { (paris, "PARISPAID"), (lyon, "LYONPAID") })
        {
            ScenarioSetup.SetOrderField(shop, 2, "reference", reference);
            ScenarioSetup.SetOrderField(shop, 2, "current_state", "2");
        }
        var parisStore = await setup.StoreAsync("Paris boutique", "PARISB");
        var lyonStore = await setup.StoreAsync("Lyon boutique", "LYONB");
        var parisShop = await setup.IntegrationAsync(paris, "Paris shop", parisStore);
        var lyonShop = await setup.IntegrationAsync(lyon, "Lyon shop", lyonStore);
        // Import new orders brings the products its orders need.
        await Task.WhenAll(setup.RunAsync(parisShop, FeedKind.ImportNewOrders), setup.RunAsync(lyonShop, FeedKind.ImportNewOrders));
        await setup.UserAsync("paris-operator", "ParisOperator2026", Roles.Operator, [parisStore.StoreId]);
        var page = await connect.SignedInWindowAsync("paris-operator", "ParisOperator2026");

        var orders = new OrdersPage(page);
        await orders.OpenAsync();
        await Expect(orders.Order("PARISPAID")).ToBeVisibleAsync();
        await Expect(orders.Order("LYONPAID")).ToHaveCountAsync(0);
        await Expect(orders.Tab("All")).ToHaveTextAsync("All (1)");

        // The Paris shop's feeds can be run; the Lyon shop's are nowhere to be run, and its address is refused.
        var parisFeeds = new FeedsPage(page, parisShop);
        await parisFeeds.OpenAsync();
        await Expect(Ui.Button(parisFeeds.Feed("Import new orders"), "Run now")).ToBeVisibleAsync();
        await Ui.OpenAsync(page, "/feeds");
        await Expect(page.GetByText("Paris shop").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Lyon shop")).ToHaveCountAsync(0);
        await Ui.OpenAsync(page, $"/integrations/{lyonShop}/feeds");
        await Expect(page.GetByText("belongs to a store you cannot see")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run now" })).ToHaveCountAsync(0);
        await Ui.OpenAsync(page, $"/integrations/{lyonShop}");
        await Expect(page.GetByText("Lyon shop")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run now" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Two_windows_watch_the_same_feed_progress_live()
    {
        // A large catalog behind a slow shop: the import lasts long enough to be watched, then it is stopped.
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Products = 1500 });
        shop.Faults.Latency = TimeSpan.FromMilliseconds(1500);
        var integration = await setup.IntegrationAsync(shop, "Large catalog shop", await setup.StoreAsync("Main store", "MAIN"));
        var windows = await Task.WhenAll(SignedInAdminAsync(), SignedInAdminAsync());
        var (first, second) = (windows[0], windows[1]);
        var inFirst = new FeedsPage(first, integration);
        var inSecond = new FeedsPage(second, integration);
        await Task.WhenAll(inFirst.OpenAsync(), inSecond.OpenAsync());

        await inFirst.RunAsync("Import new products");

        // The second window never clicked anything: its counters move by themselves.
        var watched = inSecond.Feed("Import new products");
        await Expect(watched).ToContainTextAsync(new Regex(@"[1-9]\d* processed"), new() { Timeout = 60_000 });
        var seen = Regex.Match((await watched.TextContentAsync())!, @"\d+ processed").Value;
        await Expect(watched).Not.ToContainTextAsync(seen, new() { Timeout = 60_000 });
        await Expect(watched.GetByRole(AriaRole.Progressbar)).ToBeVisibleAsync();
        await Expect(inFirst.Feed("Import new products")).ToContainTextAsync(new Regex(@"[1-9]\d* processed"));
        await Screenshots.SaveAsync(second, "feeds-live-progress");

        await Ui.Button(watched, "Stop").ClickAsync();
        await Expect(inFirst.Feed("Import new products")).ToContainTextAsync("Cancelled", new() { Timeout = Ui.FeedTimeout });
        await Expect(watched).ToContainTextAsync("Cancelled");
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task An_order_in_one_shop_lowers_the_quantity_the_other_shop_sells()
    {
        // Two shops selling the same catalog (the demo shop twice), both live, stock kept in one warehouse.
        await using var fr = await SimulatedShop.StartAsync();
        await using var de = await SimulatedShop.StartAsync();
        var place = await setup.StoreAsync("Two shops store", "TWOSHOPS");
        var frShop = await setup.IntegrationAsync(fr, "French shop", place);
        var deShop = await setup.IntegrationAsync(de, "German shop", place, importStock: false);
        await Task.WhenAll(setup.RunAsync(frShop, FeedKind.ImportNewProducts), setup.RunAsync(deShop, FeedKind.ImportNewProducts));
        await setup.RunAsync(frShop, FeedKind.ImportNewOrders);
        await setup.RunAsync(frShop, FeedKind.ImportStockLevels);
        await setup.GoLiveAsync(frShop);
        await setup.GoLiveAsync(deShop);
        const int product = 4, combination = 18; // the combination demo order 2 asks two of
        var before = de.State.StockQuantity(product, combination);

        // A customer of the French shop orders what demo order 2 holds; the merchant imports it from the browser.
        ScenarioSetup.PlaceOrder(fr, copyOf: 2, reference: "FRNEWORDER", state: 2);
        var page = await SignedInAdminAsync();
        var feeds = new FeedsPage(page, frShop);
        await feeds.OpenAsync();
        await feeds.RunAndWaitAsync("Import new orders", "1 created");

        var watch = Stopwatch.StartNew();
        while (de.State.StockQuantity(product, combination) != before - 2 && watch.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(200, TestContext.Current.CancellationToken);
        de.State.StockQuantity(product, combination).ShouldBe(before - 2, "the German shop sells what the French order left");
        await page.Context.CloseAsync();
    }

    private Task<IPage> SignedInAdminAsync() => connect.SignedInWindowAsync(ConnectWebFactory.AdminEmail, ConnectWebFactory.AdminPassword);
}
