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
        // A generated catalog behind a slow shop: the run lasts long enough to be watched and stopped.
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Products = 600 });
        shop.Faults.Latency = TimeSpan.FromMilliseconds(400);
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
        await Expect(counts).ToContainTextAsync(new Regex(@"^[1-9]\d* processed"), new() { Timeout = 30_000 });
        var before = await counts.TextContentAsync();
        await Expect(counts).Not.ToHaveTextAsync(before!, new() { Timeout = 30_000 });
        await Expect(first.Locator($".progress-{Feed} .counts")).ToContainTextAsync("processed");
        await BrowserFixture.ShootAsync(second, "feed-running-second-window");

        await second.ClickAsync($".stop-{Feed}");
        await Expect(first.Locator($".last-run-{Feed}")).ToContainTextAsync("Cancelled", new() { Timeout = 30_000 });
        await Expect(second.Locator($".last-run-{Feed}")).ToContainTextAsync("Cancelled");

        // Schedule it: every 15 minutes, and the next run shows.
        await first.ClickAsync($".edit-schedule-{Feed}");
        await first.ClickAsync("#schedule-mode");
        await first.GetByRole(AriaRole.Option, new() { Name = "Every N minutes" }).ClickAsync();
        await first.Locator("#schedule-interval").FillAsync("15");
        await first.ClickAsync("#schedule-save");
        await Expect(first.Locator($".next-run-{Feed}")).Not.ToHaveTextAsync("—");
        await Expect(first.Locator("#integration-feeds")).ToContainTextAsync("Every 15 minutes");

        // Read its log.
        await first.Locator($".last-run-{Feed} a").ClickAsync();
        await Expect(first.Locator("#run-status")).ToHaveTextAsync("Cancelled");
        await Expect(first.Locator("#run-log")).ToBeVisibleAsync();
        await BrowserFixture.ShootAsync(first, "feed-run-log");
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }
}
