using Connect.Testing;
using System.Diagnostics;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Persistence;
using Connect.PrestaShop.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests;

/// <summary>An operator adjusts stock in the browser and the (simulated) shop follows by itself, within seconds.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StockTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_adjusted_stock_reaches_the_shop_within_seconds_when_the_integration_is_live_and_its_export_is_on()
    {
        await using var shop = await SimulatedShop.StartAsync(); // the recorded 8.1.2 demo shop
        var integrationId = await browser.CreateIntegrationAsync(shop, "Stock shop");
        var services = browser.Portal.Services;
        var runner = services.GetRequiredService<FeedRunner>();
        var import = await runner.RunNowAsync(integrationId, FeedKind.ImportNewProducts, TestUsers.Admin("test"));
        await runner.WaitForRunAsync(import.RunId!.Value, TestContext.Current.CancellationToken);
        await services.GetRequiredService<FeedScheduler>().ChangeAsync(integrationId, FeedKind.StockLevelExport, new ScheduleSettings(ScheduleMode.EveryHours, 1), TestUsers.Admin());
        var contexts = services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();
        int shopProductId;
        lock (shop.State.Sync) shopProductId = shop.State.Table("products").Rows.First(p => p.Items("combinations").Count == 0).Id;
        int productId, warehouseId;
        string sku;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var integration = await db.Integrations.SingleAsync(i => i.Id == integrationId);
            integration.GoLive();
            await db.SaveChangesAsync();
            productId = await db.ExternalLinks.Where(l => l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product && l.ExternalId == $"{shopProductId}-0")
                .Select(l => l.LocalId).SingleAsync();
            sku = await db.Products.Where(p => p.Id == productId).Select(p => p.Sku).SingleAsync();
            warehouseId = await db.Stores.Where(s => s.Id == integration.StoreId).Select(s => s.DefaultWarehouseId).SingleAsync();
        }
        var wanted = shop.State.StockQuantity(shopProductId) + 77;

        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/stock");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.Locator("#stock-search").FillAsync(sku);
        // The search applies after a short debounce; a click on a row of the unfiltered list would be lost with its row.
        await Expect(page.Locator("#stock tbody tr").Filter(new() { HasNotText = sku })).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        var adjust = page.Locator($".adjust-{productId}-{warehouseId}");
        await Expect(adjust).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await adjust.ClickAsync();
        await page.Locator("#stock-dialog-quantity").FillAsync(wanted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#stock-dialog-reason").FillAsync("browser count");
        var saved = Stopwatch.StartNew();
        await page.ClickAsync("#stock-dialog-save");
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("within seconds", new() { Timeout = 10_000 });

        // No Run now, no schedule due: the queue wakes the export.
        while (shop.State.StockQuantity(shopProductId) != wanted && saved.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(100, TestContext.Current.CancellationToken);
        shop.State.StockQuantity(shopProductId).ShouldBe(wanted);
        await BrowserFixture.ShootAsync(page, "stock-adjusted");

        await page.GotoAsync($"/catalog/products/{productId}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator($"#product-sellable .sellable-{integrationId}")).ToContainTextAsync($"{wanted} at", new() { Timeout = 10_000 });
        await Expect(page.Locator("#product-movements")).ToContainTextAsync("browser count");
        await page.Context.CloseAsync();
    }
}
