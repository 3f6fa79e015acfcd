using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.EndToEnd.Tests.Journey;
using Connect.Infrastructure.Persistence;
using Connect.PrestaShop.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests;

/// <summary>
/// An operator imports the demo shop's orders from the browser, finds each in its preparation tab, maps the carrier an order
/// was waiting for, and watches Retry import it; a rerun imports nothing twice.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OrderTests(BrowserFixture browser)
{
    [Fact]
    public async Task Orders_are_imported_into_their_tabs_and_a_carrier_mapping_lets_Retry_import_the_waiting_order()
    {
        await using var shop = await SimulatedShop.StartAsync(); // the recorded 8.1.2 demo shop
        // The shop moves on: order 2 is paid, 3 shipped, 4 paid but sent with "My cheap carrier" (reference 3); 5 awaits its wire.
        lock (shop.State.Sync)
        {
            var orders = shop.State.Table("orders");
            orders.Find(2)!["current_state"] = "2";
            orders.Find(3)!["current_state"] = "4";
            orders.Find(4)!["current_state"] = "2";
            orders.Find(4)!["id_carrier"] = "3";
        }
        var integrationId = await browser.CreateIntegrationAsync(shop, "Demo order shop");
        await ConfigureAsync(integrationId);
        var page = await browser.SignedInPageAsync();

        await OpenAsync(page, $"/integrations/{integrationId}/feeds");
        await RunAsync(page, "ImportNewProducts", "47 processed"); // created, or linked to the products another test's shop already brought
        await StockAsync(integrationId, ("4-18", 2), ("8-0", 1)); // what order 2 needs, nothing for order 4's notebook
        // Order 4 waits for its carrier: a failed item, so the run completes with errors.
        await RunAsync(page, "ImportNewOrders", "5 processed · 2 created", "Completed with errors");

        await OpenAsync(page, $"/orders?integration={integrationId}"); // this shop's orders: other tests share the portal
        var tabs = page.Locator("#order-tabs");
        await Expect(tabs).ToContainTextAsync("All (2)");
        await Expect(tabs).ToContainTextAsync("In stock (1)");
        await Expect(tabs).ToContainTextAsync("Backorder (0)");
        await page.Locator(".mud-tab", new() { HasText = "In stock" }).ClickAsync();
        await Expect(page.Locator("#orders tbody")).ToContainTextAsync("OHSATSERP"); // order 2's reference
        await BrowserFixture.ShootAsync(page, "orders-in-stock-tab");

        await OpenAsync(page, "/orders/waiting");
        var waiting = page.Locator("#waiting-orders");
        await Expect(waiting).ToContainTextAsync("Map carrier 'My cheap carrier' (reference 3) in Configuration > Shipping method mapping");
        await Expect(waiting).ToContainTextAsync("Awaiting bank wire payment");
        await BrowserFixture.ShootAsync(page, "orders-waiting");

        // Map the carrier in the Configuration tab.
        await OpenAsync(page, $"/integrations/{integrationId}");
        var row = page.Locator(".carrier-row[data-reference='3']");
        await row.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Standard" }).ClickAsync();
        await page.ClickAsync("#shipping-save");
        await Expect(page.Locator("#shipping-status")).ToContainTextAsync("Data saved");

        await OpenAsync(page, $"/integrations/{integrationId}/feeds");
        await RunAsync(page, "Retry", "1 created");
        await RunAsync(page, "ImportNewOrders", "0 created");

        await OpenAsync(page, $"/orders?integration={integrationId}"); // this shop's orders: other tests share the portal
        await Expect(tabs).ToContainTextAsync("All (3)");
        await Expect(tabs).ToContainTextAsync("Backorder (1)");
        await page.Locator(".mud-tab", new() { HasText = "Backorder" }).ClickAsync();
        await Expect(page.Locator("#orders tbody")).ToContainTextAsync("FFATNOMMJ"); // order 4
        await page.Locator("#orders tbody a", new() { HasText = "4" }).First.ClickAsync();
        await Expect(page.Locator("#order-lines")).ToContainTextAsync("demo_8");
        await Expect(page.Locator("#order-log")).ToContainTextAsync("Imported order 4");
        await BrowserFixture.ShootAsync(page, "order-detail");
        await OpenAsync(page, "/orders/waiting");
        await Expect(page.Locator("#waiting-orders")).Not.ToContainTextAsync("My cheap carrier");
        await page.Context.CloseAsync();
    }

    /// <summary>What the admin set up in Configuration before: order import rules, carrier 2 and the payment strings mapped.</summary>
    private async Task ConfigureAsync(int integrationId)
    {
        // Methods are shared by every shop of the portal: another test may have created them already.
        var (standard, cheque, wire) = await new ScenarioSetup(browser.Portal).MethodsAsync();
        var contexts = browser.Portal.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        db.OrderStatusRules.RemoveRange(db.OrderStatusRules.Where(r => r.IntegrationId == integrationId));
        db.OrderStatusRules.AddRange(
            new OrderStatusRule(integrationId, "2", "Payment accepted", OrderImportAction.ImportAsValid, false),
            new OrderStatusRule(integrationId, "4", "Shipped", OrderImportAction.ImportAsHistory, false),
            new OrderStatusRule(integrationId, "6", "Canceled", OrderImportAction.DoNotImport, false),
            new OrderStatusRule(integrationId, "10", "Awaiting bank wire payment", OrderImportAction.DoNotImport, true));
        db.CarrierMappings.Add(new CarrierMapping(integrationId, "2", "My carrier", standard));
        db.PaymentMappings.AddRange(new PaymentMapping(integrationId, "Payment by check", cheque), new PaymentMapping(integrationId, "Bank wire", wire));
        await db.SaveChangesAsync();
    }

    private async Task StockAsync(int integrationId, params (string Key, int OnHand)[] counts)
    {
        var contexts = browser.Portal.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var warehouseId = await db.Stores.Select(s => s.DefaultWarehouseId).FirstAsync();
        foreach (var (key, onHand) in counts)
        {
            var productId = await db.ExternalLinks.Where(l => l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product && l.ExternalId == key)
                .Select(l => l.LocalId).SingleAsync();
            var level = await db.StockLevels.SingleOrDefaultAsync(s => s.ProductId == productId && s.WarehouseId == warehouseId);
            if (level is null) db.StockLevels.Add(level = new StockLevel(productId, warehouseId));
            db.StockMovements.Add(level.Count(onHand, new StockChange(StockMovementReason.Count, "e2e", DateTime.UtcNow)));
        }
        await db.SaveChangesAsync();
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await BrowserFixture.WaitForInteractiveAsync(page);
    }

    private static async Task RunAsync(IPage page, string feed, string expectedCounts, string outcome = "Succeeded")
    {
        await page.ClickAsync($".run-now-{feed}");
        await Expect(page.Locator($".last-run-{feed}")).ToContainTextAsync(outcome, new() { Timeout = 60_000 });
        await Expect(page.Locator($".progress-{feed} .counts")).ToContainTextAsync(expectedCounts);
    }
}
