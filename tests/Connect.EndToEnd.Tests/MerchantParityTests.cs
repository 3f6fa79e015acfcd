using System.Globalization;
using System.Text.RegularExpressions;
using Connect.Domain.Feeds;
using Connect.EndToEnd.Tests.Journey;
using Connect.Infrastructure.Persistence;
using Connect.PrestaShop.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests;

/// <summary>
/// One pass in the browser through each of the four things merchants of the leading hub expect: Import and complete, Product
/// sync, the Inventory sync page and the carrier update of shipping confirmations. Each test has its own simulated demo shop,
/// store and warehouse, so the shared portal's other shops neither see nor move its orders and stock.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MerchantParityTests(BrowserFixture browser)
{
    // The recorded demo shop: order 2 holds 4-18 x2 and 8-0 x1, order 4 holds 16-29 x1, order 5 holds 10-25 x1, all with carrier 2.
    private const int PaymentAccepted = 2, Shipped = 4;
    private readonly ScenarioSetup setup = new(browser.Portal);

    [Fact]
    public async Task An_order_in_an_Import_and_complete_status_is_shipped_at_once_and_one_without_its_stock_is_imported_as_valid_with_the_reason_logged()
    {
        await using var shop = await SimulatedShop.StartAsync();
        PlaceOrder(shop, 2, "COMPLETEOK", Shipped);
        PlaceOrder(shop, 4, "COMPLETESHORT", Shipped);
        var place = await setup.StoreAsync("Complete boutique", "CMPLB");
        var integrationId = await setup.IntegrationAsync(shop, "Import and complete shop", place, importStock: false);
        await setup.RunAsync(integrationId, FeedKind.ImportNewProducts);
        await setup.CountAsync(integrationId, place.WarehouseId, ("4-18", 5), ("8-0", 1)); // none of order 4's notebook (16-29)
        var page = await browser.SignedInPageAsync();

        var configuration = new ConfigurationPage(page, integrationId);
        await configuration.OpenAsync();
        await configuration.SetOrderStatusAsync("Shipped", "Import and complete", retry: false);
        await configuration.SaveAsync("Order import settings");

        var feeds = new FeedsPage(page, integrationId);
        await feeds.OpenAsync();
        await feeds.RunAsync("Import new orders");
        await feeds.WaitForAsync("Import new orders", "Succeeded", "2 created");

        await Ui.OpenAsync(page, $"/orders?integration={integrationId}");
        var orders = new OrdersPage(page);
        await orders.OpenOrderAsync("COMPLETEOK");
        await Expect(page.Locator("#order-status")).ToHaveTextAsync("Shipped");
        await Expect(page.Locator("#order-shipments")).ToContainTextAsync(new Regex(@"by Import new orders · no tracking number · 3 unit\(s\) · complete"));
        await Expect(page.Locator("#order-history")).ToContainTextAsync("shipped outside Connect");
        await Screenshots.SaveAsync(page, "parity-import-and-complete-order");

        // The stock left the store's warehouse with the shipment: 5 counted, 2 shipped.
        await Ui.OpenAsync(page, $"/catalog/products/{await setup.ProductIdAsync(integrationId, "4-18")}");
        var shipment = page.Locator("#product-movements tr").Filter(new() { HasText = "Complete boutique warehouse" }).Filter(new() { HasText = "Shipment" });
        await Expect(shipment).ToContainTextAsync("-2 → 3");

        // The shop already knows: nothing waits to be confirmed to it.
        await Ui.OpenAsync(page, "/shipping/confirmations");
        await Expect(page.Locator("#confirmations")).ToBeVisibleAsync();
        await Expect(page.Locator("#confirmations")).Not.ToContainTextAsync("COMPLETEOK");

        // The order whose stock is not there is imported as valid, and the run's log says why and how to fix it.
        await Ui.OpenAsync(page, $"/orders?integration={integrationId}");
        await orders.OpenOrderAsync("COMPLETESHORT");
        await Expect(page.Locator("#order-status")).ToHaveTextAsync("Valid");
        await Expect(page.Locator("#order-shipments")).ToContainTextAsync("Nothing shipped yet.");
        await feeds.OpenAsync();
        await page.Locator(".last-run-ImportNewOrders a").ClickAsync();
        var log = page.Locator("#run-log");
        await Expect(log).ToContainTextAsync("imported as valid, not shipped");
        await Expect(log).ToContainTextAsync("Count the missing stock");
        await Screenshots.SaveAsync(page, "parity-import-and-complete-log");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Product_sync_takes_a_changed_price_and_a_new_combination_and_its_date_can_be_cleared_for_a_full_resync()
    {
        await using var shop = await SimulatedShop.StartAsync();
        // SKUs of this shop alone, so the names and prices it brings are its own (the portal's other shops share the demo SKUs).
        SetField(shop, "products", 19, "reference", "PARITY-SYNC-19");
        var place = await setup.StoreAsync("Sync boutique", "SYNCB");
        var integrationId = await setup.IntegrationAsync(shop, "Product sync shop", place, importStock: false);
        await setup.RunAsync(integrationId, FeedKind.ImportNewProducts);
        var page = await browser.SignedInPageAsync();

        var feeds = new FeedsPage(page, integrationId);
        await feeds.OpenAsync();
        var synchronizeFrom = page.Locator("#synchronize-from-ProductSync");
        await Expect(synchronizeFrom).ToContainTextAsync("the start (next run reads everything)");
        await RunAsync(page, "ProductSync", "47 processed · 0 created · 0 updated · 47 unchanged");
        await Expect(synchronizeFrom).ToContainTextAsync("shop time");
        var firstPass = await synchronizeFrom.TextContentAsync();

        // The shop changes product 19's price and gets a new combination of product 2 (4 SKUs before, 5 now).
        SetField(shop, "products", 19, "price", "77.500000");
        SetField(shop, "products", 19, "date_upd", shop.State.NowText());
        var added = shop.State.AddCombination(2, "PARITY-SYNC-NEW", 1.5m);
        await RunAsync(page, "ProductSync", "6 processed · 1 created · 1 updated · 4 unchanged");
        await Expect(synchronizeFrom).Not.ToHaveTextAsync(firstPass!);
        await Screenshots.SaveAsync(page, "parity-product-sync-feeds");

        await Ui.OpenAsync(page, $"/catalog/products/{await setup.ProductIdAsync(integrationId, "19-0")}");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Price (tax excl.)" })).ToContainTextAsync("77.50");
        await Ui.OpenAsync(page, $"/catalog/products/{await setup.ProductIdAsync(integrationId, $"2-{added}")}");
        await Expect(page).ToHaveTitleAsync(new Regex("^PARITY-SYNC-NEW · Connect$"));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Price (tax excl.)" })).ToContainTextAsync("37.40"); // 35.90 + 1.50
        await Screenshots.SaveAsync(page, "parity-product-sync-new-combination");

        // Cleared, the date goes back to the start: the next run reads the whole catalog again.
        await feeds.OpenAsync();
        await page.Locator(".clear-synchronize-from-ProductSync").ClickAsync();
        await Ui.Button(Ui.Dialog(page), "Clear it").ClickAsync();
        await Ui.ExpectSnackbarAsync(page, "will read the whole catalog on its next run");
        await Expect(synchronizeFrom).ToContainTextAsync("the start (next run reads everything)");
        await Expect(page.Locator(".clear-synchronize-from-ProductSync")).ToHaveCountAsync(0);
        await RunAsync(page, "ProductSync", "48 processed");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_inventory_sync_page_shows_what_the_shop_was_sent_filters_a_failed_export_and_a_forced_sync_sends_it_again()
    {
        await using var shop = await SimulatedShop.StartAsync();
        int sentShopId, failingShopId;
        lock (shop.State.Sync)
        {
            var simple = shop.State.Table("products").Rows.Where(p => p.Items("combinations").Count == 0).Select(p => p.Id).ToList();
            (sentShopId, failingShopId) = (simple[0], simple[1]);
        }
        var place = await setup.StoreAsync("Inventory boutique", "INVB");
        var integrationId = await setup.IntegrationAsync(shop, "Inventory sync shop", place);
        await setup.RunAsync(integrationId, FeedKind.ImportNewProducts);
        await setup.RunAsync(integrationId, FeedKind.ImportStockLevels);
        await setup.GoLiveAsync(integrationId);
        var sent = await setup.ProductIdAsync(integrationId, $"{sentShopId}-0");
        var failing = await setup.ProductIdAsync(integrationId, $"{failingShopId}-0");
        await setup.CountAsync(integrationId, place.WarehouseId, ($"{sentShopId}-0", 31));
        await WaitForSentAsync(integrationId, sent);
        await WaitForExportsAsync(integrationId);
        var page = await browser.SignedInPageAsync();

        await Ui.OpenAsync(page, $"/integrations/{integrationId}");
        await page.Locator("#inventory-sync-link").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/integrations/{integrationId}/inventory$"));
        await Ui.WaitForInteractiveAsync(page);
        await Expect(page.Locator($".state-{sent}")).ToHaveTextAsync("Up to date", new() { Timeout = 20_000 });
        await Expect(page.Locator($".sent-{sent}")).ToHaveTextAsync("31");

        // The shop's stock row of the second SKU now depends on Advanced Stock Management: the Webservice refuses its quantity.
        lock (shop.State.Sync) shop.State.StockRow(failingShopId)!["depends_on_stock"] = "1";
        await setup.CountAsync(integrationId, place.WarehouseId, ($"{failingShopId}-0", 42));
        await WaitUntilAsync("the refused export recorded", db => db.StockExportRequests.AnyAsync(r => r.IntegrationId == integrationId && r.ProductId == failing && r.LastError != null));
        await page.ReloadAsync();
        await Ui.WaitForInteractiveAsync(page);
        await Ui.SelectAsync(page.Locator("body"), "Show", "Failed");
        var rows = page.Locator("#inventory-sync tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(page.Locator($".state-{failing}")).ToContainTextAsync("Failed");
        await Expect(page.Locator($".error-{failing}")).ToContainTextAsync("Advanced Stock Management");
        await Screenshots.SaveAsync(page, "parity-inventory-sync-failed");

        // Fixed in the shop, then forced from the page: the export sends Connect's quantity again.
        lock (shop.State.Sync) shop.State.StockRow(failingShopId)!["depends_on_stock"] = "0";
        await rows.First.GetByRole(AriaRole.Checkbox).CheckAsync();
        await Ui.Button(page, "Force stock sync (1 selected)").ClickAsync();
        await Ui.ExpectSnackbarAsync(page, "Stock sync asked for 1 SKU(s)");
        await WaitForSentAsync(integrationId, failing);
        shop.State.StockQuantity(failingShopId).ShouldBe(42);
        await Ui.SelectAsync(page.Locator("body"), "Show", "All linked SKUs");
        await Expect(page.Locator($".state-{failing}")).ToHaveTextAsync("Up to date");
        await Expect(page.Locator($".sent-{failing}")).ToHaveTextAsync("42");
        await Expect(page.Locator($".error-{failing}")).ToHaveTextAsync("");
        await page.GetByLabel("Search SKU").FillAsync((await page.Locator($".sku-{failing}").TextContentAsync())!.Trim());
        await Expect(rows).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Screenshots.SaveAsync(page, "parity-inventory-sync-forced");
        await page.GetByLabel("Search SKU").FillAsync("");
        await Ui.SelectAsync(page.Locator("body"), "Show", "Failed");
        await Expect(page.Locator("#inventory-sync-empty")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Shipping_confirmation_sets_the_mapped_carrier_or_the_wildcard_one_and_leaves_the_shops_carrier_alone_when_off()
    {
        await using var shop = await SimulatedShop.StartAsync();
        PlaceOrder(shop, 2, "CARRIERMAPPED", PaymentAccepted);
        PlaceOrder(shop, 4, "CARRIERANY", PaymentAccepted);
        PlaceOrder(shop, 5, "CARRIEROFF", PaymentAccepted);
        var place = await setup.StoreAsync("Carrier boutique", "CARB");
        var integrationId = await setup.IntegrationAsync(shop, "Carrier update shop", place, importStock: false);
        await ExpressMethodAsync();
        await setup.RunAsync(integrationId, FeedKind.ImportNewProducts);
        await setup.CountAsync(integrationId, place.WarehouseId, ("4-18", 2), ("8-0", 1), ("16-29", 1), ("10-25", 1));
        await setup.RunAsync(integrationId, FeedKind.ImportNewOrders);
        await setup.GoLiveAsync(integrationId);
        var page = await browser.SignedInPageAsync();

        // On, with the order's own method mapped and every other method going with the wildcard's carrier.
        var configuration = new ConfigurationPage(page, integrationId);
        await configuration.OpenAsync();
        var section = configuration.Section("Carrier update");
        var enabled = section.GetByLabel("Update the shop's carrier when confirming a shipment");
        await Expect(enabled).Not.ToBeCheckedAsync(); // off by default
        await enabled.CheckAsync();
        await Ui.SelectAsync(Ui.Row(section, "Standard"), null, "My cheap carrier");
        await Ui.SelectAsync(Ui.Row(section, "Any other method"), null, "My light carrier");
        await configuration.SaveAsync("Carrier update");
        await section.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "parity-carrier-update-section");

        await ShipAsync(page, integrationId, "CARRIERMAPPED", "6A-MAPPED", method: null); // the order's own method, Standard
        await ShipAsync(page, integrationId, "CARRIERANY", "6A-ANY", method: "Express");
        var feeds = new FeedsPage(page, integrationId);
        await feeds.OpenAsync();
        await feeds.RunAndWaitAsync("Shipping confirmation", "2 processed");
        (Carrier(shop, 2), Tracking(shop, 2)).ShouldBe(("3", "6A-MAPPED"));
        (Carrier(shop, 4), Tracking(shop, 4)).ShouldBe(("4", "6A-ANY"));

        // Off again: the tracking number still goes, the shop's carrier stays as the customer chose it.
        await configuration.OpenAsync();
        await enabled.UncheckAsync();
        await configuration.SaveAsync("Carrier update");
        await ShipAsync(page, integrationId, "CARRIEROFF", "6A-OFF", method: null);
        await feeds.OpenAsync();
        await feeds.RunAndWaitAsync("Shipping confirmation", "1 processed");
        (Carrier(shop, 5), Tracking(shop, 5)).ShouldBe(("2", "6A-OFF"));
        await page.Context.CloseAsync();
    }

    /// <summary>Ships the whole order from its page, with its own shipping method or the one chosen.</summary>
    private static async Task ShipAsync(IPage page, int integrationId, string reference, string trackingNumber, string? method)
    {
        await Ui.OpenAsync(page, $"/orders?integration={integrationId}");
        await new OrdersPage(page).OpenOrderAsync(reference);
        await Ui.Button(page, "Ship").ClickAsync();
        var dialog = Ui.Dialog(page);
        await Expect(dialog.Locator(".ship-line").First).ToBeVisibleAsync();
        if (method is not null) await Ui.SelectAsync(dialog, "Carrier", method);
        await Ui.FillAsync(dialog, "Tracking number", trackingNumber);
        await Ui.Button(dialog, "Ship").ClickAsync();
        await Expect(page.Locator("#order-shipments")).ToContainTextAsync(trackingNumber, new() { Timeout = 15_000 });
    }

    /// <summary>Runs a feed by its Run now button and waits for its counts (for rows whose name cell holds more than the name).</summary>
    private static async Task RunAsync(IPage page, string feed, string counts)
    {
        await page.Locator($".run-now-{feed}").ClickAsync();
        await Expect(page.Locator($".last-run-{feed}")).ToContainTextAsync("Succeeded", new() { Timeout = Ui.FeedTimeout });
        await Expect(page.Locator($".progress-{feed} .counts")).ToContainTextAsync(counts);
    }

    /// <summary>The demo shop's order turns into a new paid one of this shop: its own reference and state.</summary>
    private static void PlaceOrder(SimulatedShop shop, int order, string reference, int state)
    {
        ScenarioSetup.SetOrderField(shop, order, "reference", reference);
        ScenarioSetup.SetOrderField(shop, order, "current_state", state.ToString(CultureInfo.InvariantCulture));
    }

    private static void SetField(SimulatedShop shop, string resource, int id, string field, string value)
    {
        lock (shop.State.Sync) shop.State.Table(resource).Find(id)![field] = value;
    }

    private static string Carrier(SimulatedShop shop, int order)
    {
        lock (shop.State.Sync) return shop.State.Table("orders").Find(order)!["id_carrier"];
    }

    private static string Tracking(SimulatedShop shop, int order)
    {
        lock (shop.State.Sync) return shop.State.Table("order_carriers").Rows.Last(r => r.Int("id_order") == order)["tracking_number"];
    }

    private async Task ExpressMethodAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        if (!await db.ShippingMethods.AnyAsync(m => m.Name == "Express"))
        {
            db.ShippingMethods.Add(new Connect.Domain.Orders.ShippingMethod("Express"));
            await db.SaveChangesAsync();
        }
    }

    /// <summary>Until the queue has handled every stock change of the integration: sent, or failed and waiting for its retry.</summary>
    private Task WaitForExportsAsync(int integrationId) => WaitUntilAsync($"the stock level export of integration {integrationId} handled its queue",
        async db => !await db.StockExportRequests.AnyAsync(r => r.IntegrationId == integrationId && r.Version > r.HandledVersion && r.LastError == null)
                    && !await db.FeedRuns.AnyAsync(r => r.IntegrationId == integrationId && r.Feed == FeedKind.StockLevelExport && r.Status == FeedRunStatus.Running));

    private Task WaitForSentAsync(int integrationId, int productId) => WaitUntilAsync($"product {productId} sent to the shop",
        db => db.StockExportRequests.AnyAsync(r => r.IntegrationId == integrationId && r.ProductId == productId && r.Version <= r.HandledVersion && r.LastError == null));

    private async Task WaitUntilAsync(string what, Func<ConnectDbContext, Task<bool>> done)
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            await using (var db = await Contexts.CreateDbContextAsync())
                if (await done(db)) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"Waited a minute for {what}.");
    }

    private IDbContextFactory<ConnectDbContext> Contexts => browser.Portal.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();
}
