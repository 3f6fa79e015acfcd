using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Connect.PrestaShop.Simulator;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests.Journey;

/// <summary>
/// A merchant takes a brand-new Connect live with their (simulated) PrestaShop shop, through the portal only, in the order the
/// merchant documentation advises. The shop is only driven the way a shop moves by itself (a customer pays an order) and read
/// to check what Connect wrote to it.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class GoLiveJourneyTests(EmptyConnect connect)
{
    private const string Store = "Paris store", Warehouse = "Paris warehouse";
    private const int AwaitingCheck = 1, PaymentAccepted = 2, Shipped = 4, AwaitingWire = 10;
    private const int PaidOrder = 2, WireOrder = 5; // demo shop orders: 2 (4-18 ×2, 8-0 ×1) paid by check, 5 awaiting its bank wire
    private const int Product = 4, Combination = 18; // the combination order 2 asks two of

    [Fact]
    public async Task A_merchant_takes_a_new_Connect_live_with_their_shop_in_the_browser()
    {
        await using var shop = await SimulatedShop.StartAsync(); // the recorded PrestaShop 8.1.2 demo shop
        SetShopState(shop, PaidOrder, PaymentAccepted); // a customer's cheque arrived before the merchant came to Connect
        shop.State.Table("orders").Find(WireOrder)!.Int("current_state").ShouldBe(AwaitingWire);
        shop.State.Table("orders").Find(4)!.Int("current_state").ShouldBe(AwaitingCheck);

        // 1. First start: the generated admin signs in with the printed one-time password and must choose their own.
        var page = await connect.NewWindowAsync();
        var login = new LoginPage(page);
        await login.SignInAsync("admin", connect.GeneratedAdminPassword());
        await login.ChangePasswordAsync(connect.GeneratedAdminPassword(), "Merchant2026Secret");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        // 2. Where orders go and stock lives, and the methods the shop's carriers and payments map to.
        var stores = new StoresPage(page);
        await stores.OpenAsync();
        await stores.AddWarehouseAsync(Warehouse, "PARIS");
        await stores.AddStoreAsync(Store, "PARIS", Warehouse);
        var methods = new MethodsPage(page);
        await methods.OpenAsync();
        await methods.AddShippingMethodAsync("Standard");
        await methods.AddPaymentMethodAsync("Cheque");
        await methods.AddPaymentMethodAsync("Wire transfer");

        // 3. New integration: URL and key, test connection, save.
        var wizard = new NewIntegrationPage(page);
        await wizard.UpToTestAsync("My PrestaShop", Store, shop.BaseUrl.ToString(), shop.ApiKey);
        await Expect(wizard.Report).ToContainTextAsync("Connection works");
        var integrationId = await wizard.SaveAsync();

        // 4. Configuration, section by section, each saved with "Data saved.".
        var configuration = new ConfigurationPage(page, integrationId);
        await configuration.OpenAsync();
        await configuration.SetOrderStatusAsync("Payment accepted", "Import as valid", retry: false);
        await configuration.SetOrderStatusAsync("Awaiting bank wire payment", "Do not import", retry: true);
        await configuration.SetOrderStatusAsync("Canceled", "Do not import", retry: false);
        await configuration.SaveAsync("Order import settings");
        await configuration.MapAsync("Shipping method mapping", "My carrier", "Standard");
        await configuration.SaveAsync("Shipping method mapping");
        await configuration.MapAsync("Payment method mapping", "Payment by check", "Cheque");
        await configuration.MapAsync("Payment method mapping", "Bank wire", "Wire transfer");
        await configuration.SaveAsync("Payment method mapping");
        await configuration.ChooseAsync("Shipping confirmation", "Status for full shipment", "Shipped");
        await configuration.SaveAsync("Shipping confirmation");
        await configuration.ChooseAsync("Stock level import settings", "Warehouse receiving the shop's stock", Warehouse);
        await configuration.SaveAsync("Stock level import settings");
        await configuration.TickAsync("Stock level export settings", Warehouse);
        await configuration.SaveAsync("Stock level export settings");
        await configuration.ShowTopAsync();
        await Screenshots.SaveAsync(page, "configuration");

        // 5. The go-live checklist, in its order, watching each run live. The shop answers slowly for the first import, so
        //    the run can be watched while it reads.
        var feeds = new FeedsPage(page, integrationId);
        await feeds.OpenAsync();
        shop.Faults.Latency = TimeSpan.FromMilliseconds(700);
        await feeds.RunAsync("Import new products");
        await Expect(feeds.Feed("Import new products")).ToContainTextAsync("Running", new() { Timeout = 30_000 });
        await Expect(feeds.Feed("Import new products").GetByRole(AriaRole.Progressbar)).ToBeVisibleAsync();
        await feeds.WaitForAsync("Import new products", "Succeeded", "47 processed · 47 created");
        shop.Faults.Latency = TimeSpan.Zero;
        // Orders 1 (cancelled) and 3 (payment error) stay out; 4 and 5 wait for their payment; 2 is paid.
        await feeds.RunAndWaitAsync("Import new orders", "1 created");
        await feeds.RunAndWaitAsync("Import stock levels", "47 processed");
        await feeds.RunAndWaitAsync("Import suppliers", "2 created");
        await feeds.RunAndWaitAsync("Product supplier import", "59 created");
        await feeds.RunAndWaitAsync("Stock check", "different 0");

        // 6. Live, and the stock level export switched on as the checklist says.
        await configuration.OpenAsync();
        await configuration.GoLiveAsync();
        await Expect(page.GetByText("Live", new() { Exact = true }).First).ToBeVisibleAsync();
        await feeds.OpenAsync();
        await feeds.ScheduleEveryHoursAsync("Stock level export", 1);

        // 7. Order 2 waits for stock as a backorder; counting the product it lacks gives it its stock, and the shop follows.
        var orders = new OrdersPage(page);
        await orders.OpenAsync();
        await orders.ShowTabAsync("Backorder", 1);
        await orders.OpenOrderAsync(OrderReference(shop, PaidOrder));
        await new OrderPage(page).OpenProductAsync("demo_5"); // the line of two (its shop reference; the combination has a SKU of its own)
        var sku = await new ProductPage(page).SkuAsync();
        var shopBefore = shop.State.StockQuantity(Product, Combination);
        var stock = new StockPage(page);
        await stock.OpenAsync();
        await stock.SearchAsync(sku);
        var onHand = int.Parse((await stock.Row(sku, Warehouse).GetByRole(AriaRole.Cell).Nth(4).TextContentAsync())!.Trim(), CultureInfo.InvariantCulture);
        var counted = Stopwatch.StartNew();
        await stock.CountAsync(sku, Warehouse, onHand + 10, "journey count");
        await Expect(stock.Row(sku, Warehouse)).ToContainTextAsync((onHand + 10).ToString(CultureInfo.InvariantCulture));
        // Order 2 now holds its two units; the shop sells the ten new ones.
        await WaitUntilAsync(() => shop.State.StockQuantity(Product, Combination) == shopBefore + 10, TimeSpan.FromSeconds(30),
            () => $"The shop's quantity stayed {shop.State.StockQuantity(Product, Combination)} instead of {shopBefore + 10}, {counted.Elapsed} after the count.");
        await Screenshots.SaveAsync(page, "stock");
        await stock.Row(sku, Warehouse).GetByRole(AriaRole.Link, new() { Name = sku }).ClickAsync();
        await Expect(new ProductPage(page).OfferedToShops).ToContainTextAsync($"{shopBefore + 10} at", new() { Timeout = 15_000 });
        await Screenshots.SaveAsync(page, "product");

        // 8. Ship order 2 in full with a tracking number: the shop's order gets it, with the configured status.
        await orders.OpenAsync();
        await orders.ShowTabAsync("In stock", 1);
        await Expect(orders.Order(OrderReference(shop, PaidOrder))).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "orders-in-stock");
        await orders.OpenOrderAsync(OrderReference(shop, PaidOrder));
        var order = new OrderPage(page);
        await order.ShipAllAsync("6A-JOURNEY-0001");
        await Expect(order.Shipments).ToContainTextAsync("complete");
        await Screenshots.SaveAsync(page, "order-with-shipment");
        await feeds.OpenAsync();
        await feeds.RunAndWaitAsync("Shipping confirmation", "1 processed");
        lock (shop.State.Sync)
        {
            shop.State.Table("order_carriers").Rows.Single(r => r.Int("id_order") == PaidOrder)["tracking_number"].ShouldBe("6A-JOURNEY-0001");
            shop.State.Table("orders").Find(PaidOrder)!.Int("current_state").ShouldBe(Shipped);
        }

        // 9. The bank wire of order 5 arrives in the shop: Retry imports the order it had parked.
        SetShopState(shop, WireOrder, PaymentAccepted);
        await feeds.RunAndWaitAsync("Retry", "1 created");
        await orders.OpenAsync();
        await Expect(orders.Order(OrderReference(shop, WireOrder))).ToBeVisibleAsync();

        // 10. The feed log holds every run of the journey.
        var log = new FeedLogPage(page);
        await log.OpenAsync();
        foreach (var feed in new[] { "Import new products", "Import new orders", "Import stock levels", "Import suppliers", "Product supplier import",
                     "Stock check", "Stock level export", "Shipping confirmation", "Retry" })
            await Expect(log.Run(feed).First).ToBeVisibleAsync();
        await log.Run("Retry").GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.GetByText("Succeeded").First).ToBeVisibleAsync();

        await Ui.OpenAsync(page, "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "dashboard");
        await page.Context.CloseAsync();
    }

    private static string OrderReference(SimulatedShop shop, int order)
    {
        lock (shop.State.Sync) return shop.State.Table("orders").Find(order)!["reference"];
    }

    /// <summary>The shop changes an order's state, as a payment does: current_state and date_upd move.</summary>
    private static void SetShopState(SimulatedShop shop, int order, int state)
    {
        using (shop.State.Writing())
        {
            var row = shop.State.Table("orders").Find(order)!;
            row["current_state"] = state.ToString(CultureInfo.InvariantCulture);
            row["date_upd"] = shop.State.NowText();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> failure)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) throw new TimeoutException(failure());
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
