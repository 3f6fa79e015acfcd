using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Inventory;
using Connect.Infrastructure.Persistence;
using Connect.PrestaShop.Simulator;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests;

/// <summary>Two shops selling the same catalog from one warehouse: one product page shows both shops and what each was sent.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SharedCatalogTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_product_page_shows_both_shops_links_and_the_sellable_quantity_pushed_to_each()
    {
        await using var shopA = await SimulatedShop.StartAsync();
        await using var shopB = await SimulatedShop.StartAsync();
        var services = browser.Portal.Services;
        var runner = services.GetRequiredService<FeedRunner>();
        var scheduler = services.GetRequiredService<FeedScheduler>();
        var contexts = services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();
        var a = await browser.CreateIntegrationAsync(shopA, "Shared shop FR");
        var b = await browser.CreateIntegrationAsync(shopB, "Shared shop DE");
        foreach (var integrationId in new[] { a, b })
        {
            var import = await runner.RunNowAsync(integrationId, FeedKind.ImportNewProducts, TestUsers.Admin("test"), Ct);
            await runner.WaitForRunAsync(import.RunId!.Value, Ct);
            await scheduler.ChangeAsync(integrationId, FeedKind.StockLevelExport, new ScheduleSettings(ScheduleMode.EveryHours, 1), TestUsers.Admin(), Ct);
        }
        int shopProductId;
        lock (shopA.State.Sync) shopProductId = shopA.State.Table("products").Rows.Last(p => p.Items("combinations").Count == 0).Id;
        int productId, warehouseId;
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            productId = await db.ExternalLinks.Where(l => l.IntegrationId == a && l.Kind == ExternalLinkKind.Product && l.ExternalId == $"{shopProductId}-0")
                .Select(l => l.LocalId).SingleAsync(Ct);
            foreach (var integration in await db.Integrations.Where(i => i.Id == a || i.Id == b).ToListAsync(Ct))
            {
                warehouseId = await db.Stores.Where(s => s.Id == integration.StoreId).Select(s => s.DefaultWarehouseId).SingleAsync(Ct);
                integration.ChangeSettings(integration.Settings with { StockExportWarehouseIds = [warehouseId] });
                integration.GoLive();
            }
            await db.SaveChangesAsync(Ct);
            warehouseId = await db.Integrations.Where(i => i.Id == a).Join(db.Stores, i => i.StoreId, s => s.Id, (_, s) => s.DefaultWarehouseId).SingleAsync(Ct);
        }
        var counted = shopA.State.StockQuantity(shopProductId) + 41;
        await services.GetRequiredService<InventoryService>().AdjustAsync(TestUsers.Operator("olga"),
            new StockAdjustment(productId, warehouseId, AdjustmentMode.SetCounted, counted, "shared count"), Ct);
        var sellable = services.GetRequiredService<SellableQuantity>();
        var toA = (await sellable.ForProductsAsync(a, [productId], Ct))[productId].Sellable;
        var toB = (await sellable.ForProductsAsync(b, [productId], Ct))[productId].Sellable;
        // The export runs by itself (the queue wakes it); wait generously for both shops, timing is not asserted.
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            limit.CancelAfter(TimeSpan.FromSeconds(60));
            while (shopA.State.StockQuantity(shopProductId) != toA || shopB.State.StockQuantity(shopProductId) != toB)
                await Task.Delay(200, limit.Token);
        }

        var page = await browser.SignedInPageAsync();
        await page.GotoAsync($"/catalog/products/{productId}");
        await BrowserFixture.WaitForInteractiveAsync(page);

        await Expect(page.Locator("#product-shops")).ToContainTextAsync("Shared shop FR");
        await Expect(page.Locator("#product-shops")).ToContainTextAsync("Shared shop DE");
        await Expect(page.Locator($"#product-sellable .sellable-{a}")).ToContainTextAsync($"{toA} at", new() { Timeout = 10_000 });
        await Expect(page.Locator($"#product-sellable .sellable-{b}")).ToContainTextAsync($"{toB} at", new() { Timeout = 10_000 });
        await Expect(page.Locator($"#product-sellable .sellable-{b} .sellable")).ToHaveTextAsync(toB.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await BrowserFixture.ShootAsync(page, "shared-product");
        await page.Context.CloseAsync();
    }
}
