using System.Text.RegularExpressions;
using Connect.PrestaShop.Simulator;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests;

/// <summary>An operator runs a real feed against the simulated shop and watches it from two windows.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FeedTests(BrowserFixture browser)
{
    private const string Feed = "ImportNewProducts";

    [Fact]
    public async Task An_operator_runs_a_feed_watched_live_in_two_windows_stops_it_schedules_it_and_reads_its_log()
    {
        // A generated catalog behind a slow shop: the run lasts long enough to be watched and stopped (pages hold 500 products
        // and four are read at once, so the catalog is large and each request slow).
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Products = 6000 });
        shop.Faults.Latency = TimeSpan.FromMilliseconds(3000);
        var integrationId = await browser.CreateIntegrationAsync(shop, "Live feed shop");
        await browser.CreateOperatorAsync("feed-operator", "Operator12345");
        var first = await browser.SignedInPageAsync("feed-operator", "Operator12345");
        var second = await browser.SignedInPageAsync("feed-operator", "Operator12345");
        foreach (var page in new[] { first, second })
        {
            await page.GotoAsync($"/integrations/{integrationId}/feeds");
            await BrowserFixture.WaitForInteractiveAsync(page);
        }

        await first.ClickAsync($".run-now-{Feed}");

        // The second window never clicked anything: its counters move by themselves.
        var counts = second.Locator($".progress-{Feed} .counts");
        await Expect(counts).ToContainTextAsync(new Regex(@"^[1-9][\d,.\u00a0]* processed"), new() { Timeout = 30_000 });
        var before = await counts.TextContentAsync();
        await Expect(counts).Not.ToHaveTextAsync(before!, new() { Timeout = 30_000 });
        await Expect(first.Locator($".progress-{Feed} .counts")).ToContainTextAsync("processed");
        await BrowserFixture.ShootAsync(second, "feed-running-second-window");
        await ShootAtBothSizesAsync(second, "feeds-tab-progress");

        await second.ClickAsync($".stop-{Feed}");
        await Expect(first.Locator($".last-run-{Feed}")).ToContainTextAsync("Cancelled", new() { Timeout = 30_000 });
        await Expect(second.Locator($".last-run-{Feed}")).ToContainTextAsync("Cancelled");

        // Schedule it: every 15 minutes, and the next run shows.
        await first.ClickAsync($".edit-schedule-{Feed}");
        // MudSelect keeps its id on a hidden input: open it through its visible field, then pick the item.
        await first.Locator(".mud-dialog .mud-select").First.ClickAsync();
        await first.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Every N minutes" }).ClickAsync();
        await first.Locator("#schedule-interval").FillAsync("15");
        await first.ClickAsync("#schedule-save");
        await Expect(first.Locator($".next-run-{Feed}")).Not.ToHaveTextAsync("—");
        await Expect(first.Locator("#integration-feeds")).ToContainTextAsync("Every 15 minutes");

        // Read its log.
        await first.Locator($".last-run-{Feed} a").ClickAsync();
        await Expect(first.Locator("#run-status")).ToHaveTextAsync("Cancelled");
        await Expect(first.Locator("#run-log, #run-log-empty").First).ToBeVisibleAsync();
        await Expect(first.Locator("#run-breadcrumb")).ToContainTextAsync("Live feed shop");
        await Expect(first.Locator("#run-again")).ToBeVisibleAsync();
        await BrowserFixture.ShootAsync(first, "feed-run-log");
        await ShootAtBothSizesAsync(first, "feed-run-page");
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    /// <summary>The page as a desktop (1440×900) and a phone (390×844) show it, then back to the test's size.</summary>
    internal static async Task ShootAtBothSizesAsync(IPage page, string name)
    {
        var size = page.ViewportSize;
        await page.SetViewportSizeAsync(1440, 900);
        await BrowserFixture.ShootAsync(page, $"{name}-1440x900");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ShootAsync(page, $"{name}-390x844");
        if (size is not null) await page.SetViewportSizeAsync(size.Width, size.Height);
    }
}

/// <summary>The four catalog feeds, run from the browser, fill the catalog with exactly the shop's data.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CatalogFeedTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_catalog_feeds_fill_the_catalog_pages_and_a_rerun_changes_nothing()
    {
        await using var shop = await SimulatedShop.StartAsync(); // the recorded 8.1.2 demo shop
        var integrationId = await browser.CreateIntegrationAsync(shop, "Demo catalog shop");
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync($"/integrations/{integrationId}/feeds");
        await BrowserFixture.WaitForInteractiveAsync(page);

        // 19 products, 11 of them with 39 combinations between them: 8 + 39 = 47 SKUs; 73 supplier rows of which 59 name a SKU.
        await RunAsync(page, "ImportNewProducts", "47 processed"); // created, or linked to the same SKUs another test's shop brought
        await RunAsync(page, "ImportSuppliers", "2 created");
        await RunAsync(page, "ProductSupplierImport", "59 created");
        await RunAsync(page, "ImportProductImages", "created");

        await page.GotoAsync($"/catalog?integration={integrationId}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("#products")).ToContainTextAsync("1-47 of 47");
        await BrowserFixture.ShootAsync(page, "catalog-products");
        await page.Locator("#products tbody tr a").First.ClickAsync();
        await Expect(page.Locator("#product-images img").First).ToBeVisibleAsync();
        await Expect(page.Locator("#product-suppliers")).ToBeVisibleAsync();
        await BrowserFixture.ShootAsync(page, "catalog-product-detail");

        await page.GotoAsync($"/integrations/{integrationId}/feeds");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await RunAsync(page, "ImportNewProducts", "0 created · 0 updated");
        await RunAsync(page, "UpdateProducts", "0 created · 0 updated");
        await RunAsync(page, "ProductSupplierImport", "0 created · 0 updated");
        // Ran but not scheduled: the checklist says so and offers the schedule on the step.
        await Expect(page.Locator("#go-live-checklist .step-ran").First).ToBeVisibleAsync();
        await Expect(page.Locator(".step-schedule-ImportSuppliers")).ToBeVisibleAsync();
        await FeedTests.ShootAtBothSizesAsync(page, "feeds-tab-checklist");
        await page.Locator(".last-run-ProductSupplierImport a").ClickAsync();
        await Expect(page.Locator("#run-counts")).ToContainTextAsync("unchanged");
        await FeedTests.ShootAtBothSizesAsync(page, "feed-run-page-unchanged");
        await page.GotoAsync($"/integrations/{integrationId}/feeds");
        await BrowserFixture.WaitForInteractiveAsync(page);

        // Every run is in the feed log, across integrations.
        await page.GotoAsync("/feeds/log");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("table").First).ToContainTextAsync("Product supplier import");
        await BrowserFixture.ShootAsync(page, "feed-log-with-runs");
        await page.GotoAsync("/feeds");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("#page-title")).ToHaveTextAsync("Feeds");
        await BrowserFixture.ShootAsync(page, "feeds-overview");
        await page.Context.CloseAsync();
    }

    private static async Task RunAsync(IPage page, string feed, string expectedCounts)
    {
        await page.ClickAsync($".run-now-{feed}");
        await Expect(page.Locator($".last-run-{feed}")).ToContainTextAsync("Succeeded", new() { Timeout = 60_000 });
        await Expect(page.Locator($".progress-{feed} .counts")).ToContainTextAsync(expectedCounts);
    }
}
