using System.Globalization;
using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Infrastructure.Persistence;
using Connect.PrestaShop.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests;

/// <summary>An operator ships an imported order from the browser; the shop shows the tracking number and the status, once.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShippingTests(BrowserFixture browser)
{
    private const int ShopOrder = 2, ShippedState = 4;

    [Fact]
    public async Task An_operator_ships_an_imported_order_and_the_confirmation_reaches_the_shop_once()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var integrationId = await browser.CreateIntegrationAsync(shop, "Shipping shop");
        var orderId = await ImportedOrderAsync(integrationId);
        var page = await browser.SignedInPageAsync();

        await page.GotoAsync($"/orders/picklist?ids={orderId}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator(".picklist-line")).ToContainTextAsync("E2E-MUG");
        await page.ClickAsync("#picklist-ship");
        await page.Locator(".batch-tracking input").FillAsync("6A-E2E-001");
        await page.ClickAsync("#batch-submit");
        await Expect(page.Locator("#picklist-empty")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await page.GotoAsync("/shipping/confirmations");
        await Expect(page.Locator("#confirmations")).ToContainTextAsync($"E2E-{ShopOrder}");

        await page.GotoAsync($"/integrations/{integrationId}/feeds");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.ClickAsync(".run-now-ShippingConfirmation");
        await Expect(page.Locator(".last-run-ShippingConfirmation")).ToContainTextAsync("Succeeded", new() { Timeout = 60_000 });
        await Expect(page.Locator(".progress-ShippingConfirmation .counts")).ToContainTextAsync("1 processed");

        lock (shop.State.Sync)
        {
            shop.State.Table("order_carriers").Rows.Single(r => r.Int("id_order") == ShopOrder)["tracking_number"].ShouldBe("6A-E2E-001");
            shop.State.Table("orders").Find(ShopOrder)!.Int("current_state").ShouldBe(ShippedState);
        }
        var writes = shop.Writes.Count;

        await page.ClickAsync(".run-now-ShippingConfirmation");
        await Expect(page.Locator(".progress-ShippingConfirmation .counts")).ToContainTextAsync("0 processed", new() { Timeout = 60_000 });
        await WaitForSucceededRunsAsync(integrationId, 2);
        shop.Writes.Count.ShouldBe(writes);
        await page.GotoAsync("/shipping/confirmations");
        await Expect(page.Locator("#confirmations")).ToContainTextAsync("Every shipment is confirmed");
        await BrowserFixture.ShootAsync(page, "shipping-confirmations");
        await page.Context.CloseAsync();
    }

    private async Task WaitForSucceededRunsAsync(int integrationId, int count)
    {
        var contexts = browser.Portal.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();
        for (var attempt = 0; attempt < 120; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync();
            if (await db.FeedRuns.CountAsync(r => r.IntegrationId == integrationId && r.Feed == Connect.Domain.Feeds.FeedKind.ShippingConfirmation
                    && r.Status == Connect.Domain.Feeds.FeedRunStatus.Succeeded) >= count)
                return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"The Shipping confirmation feed did not finish {count} runs.");
    }

    // What Import new orders leaves behind: a product linked to the shop, stock, the order allocated and linked to shop order 2.
    private async Task<int> ImportedOrderAsync(int integrationId)
    {
        var now = DateTime.UtcNow;
        var contexts = browser.Portal.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var integration = await db.Integrations.SingleAsync(i => i.Id == integrationId);
        integration.ChangeSettings(integration.Settings with { FullShipmentStatusId = ShippedState.ToString(CultureInfo.InvariantCulture) });
        integration.GoLive();
        var store = await db.Stores.SingleAsync(s => s.Id == integration.StoreId);
        var product = db.Products.Add(new Product(new ProductDetails("E2E-MUG", "Mug", null, null, 0.3m, 9m, true), now)).Entity;
        await db.SaveChangesAsync();
        db.ExternalLinks.Add(new ExternalLink(integrationId, ExternalLinkKind.Product, "1-1", product.Id, now));
        var level = db.StockLevels.Add(new StockLevel(product.Id, store.DefaultWarehouseId)).Entity;
        db.StockMovements.Add(level.Count(5, new StockChange(StockMovementReason.Count, "e2e", now)));
        var order = db.Orders.Add(new Order(new OrderDraft(store.Id, integrationId, $"E2E-{ShopOrder}", null, new OrderCustomer("Ada", null, null),
            new ShippingAddress("Ada", null, "1 Main St", null, "75001", "Paris", null, "FR", null), null, null, null, "EUR",
            new OrderTotals(9m, 0m, 0m, 9m), now, [new OrderLineDraft(product.Id, product.Sku, product.Name, 2, 9m)]), now)).Entity;
        await db.SaveChangesAsync();
        db.StockMovements.AddRange(order.Allocate(_ => level, new StockChange(StockMovementReason.Reservation, "e2e", now)));
        db.ExternalLinks.Add(new ExternalLink(integrationId, ExternalLinkKind.Order, ShopOrder.ToString(CultureInfo.InvariantCulture), order.Id, now));
        await db.SaveChangesAsync();
        return order.Id;
    }
}
