using AngleSharp.Dom;
using Bunit;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Testing;
using Connect.Web.Components.Feeds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Feeds;

/// <summary>The schedule dialog and the confirmations of the Feeds tab, driven through the page as an operator would.</summary>
public abstract class ScheduleDialogTests(DatabaseFixture database) : FeedPageTestBase(database)
{
    private FeedScheduler Scheduler => Services.GetRequiredService<FeedScheduler>();

    [Fact]
    public async Task Editing_a_schedule_saves_it_and_shows_the_next_run()
    {
        var integration = await IntegrationAsync();
        await Scheduler.ChangeAsync(integration.Id, FeedKind.ImportNewOrders, new ScheduleSettings(ScheduleMode.EveryMinutes, 5), TestUsers.Operator());
        var dialogs = RenderDialogProvider();
        var cut = Render<IntegrationFeeds>(p => p.Add(c => c.IntegrationId, integration.Id));
        cut.WaitForAssertion(() => cut.Find(".edit-schedule-ImportNewOrders"));

        cut.Find(".edit-schedule-ImportNewOrders").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#schedule-next").TextContent.ShouldStartWith("Next run: "));
        dialogs.FindAll(".mud-dialog input:not([readonly])").Single(i => i.Closest(".mud-input-control")?.TextContent.Contains("Minutes") == true).Change("15");
        dialogs.Find("#schedule-save").Click();

        cut.WaitForAssertion(() =>
        {
            cut.Find("#integration-feeds").TextContent.ShouldContain("Every 15 minutes");
            cut.Find(".next-run-ImportNewOrders").TextContent.Trim().ShouldNotBe("—");
        });
        dialogs.FindAll(".mud-dialog").ShouldBeEmpty();
        var saved = await Database.QueryAsync(db => db.FeedSchedules.SingleAsync(s => s.IntegrationId == integration.Id && s.Feed == FeedKind.ImportNewOrders));
        (saved.Mode, saved.Interval).ShouldBe((ScheduleMode.EveryMinutes, 15));
        saved.NextRunAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_bad_cron_expression_shows_the_explanation_and_cannot_be_saved()
    {
        var integration = await IntegrationAsync();
        var dialogs = RenderDialogProvider();
        var cut = Render<IntegrationFeeds>(p => p.Add(c => c.IntegrationId, integration.Id));
        cut.WaitForAssertion(() => cut.Find(".edit-schedule-UpdateProducts"));

        cut.Find(".edit-schedule-UpdateProducts").Click();
        dialogs.WaitForAssertion(() => dialogs.Find(".mud-dialog"));
        // Off -> "Cron expression" in the Runs select.
        dialogs.Find(".mud-dialog .mud-select .mud-input-control").MouseDown();
        dialogs.WaitForAssertion(() => Popovers.FindAll(".mud-list-item").First(i => i.TextContent.Contains("Cron expression")).Click());
        dialogs.WaitForAssertion(() => dialogs.Find(".mud-dialog").TextContent.ShouldContain("Cron (minute hour day month weekday, "));

        CronInput(dialogs).Input("every day at noon");

        dialogs.WaitForAssertion(() =>
        {
            dialogs.Find("#schedule-problem").TextContent.ShouldContain("a cron expression has five: minute hour day-of-month month day-of-week");
            dialogs.Find("#schedule-save").HasAttribute("disabled").ShouldBeTrue();
            dialogs.FindAll("#schedule-next").ShouldBeEmpty();
        });

        CronInput(dialogs).Input("30 2 * * *");
        dialogs.WaitForAssertion(() =>
        {
            dialogs.FindAll("#schedule-problem").ShouldBeEmpty();
            dialogs.Find("#schedule-next").TextContent.ShouldContain(":30");
        });
    }

    // The select's own input is read-only; the cron field is the one the operator types in.
    private static IElement CronInput(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs) =>
        dialogs.FindAll(".mud-dialog input:not([readonly])").Single(i => i.Closest(".mud-input-control")?.TextContent.Contains("Cron (") == true);
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteScheduleDialogTests(SqliteDatabaseFixture database) : ScheduleDialogTests(database);

/// <summary>Import stock levels a second time overwrites stock, so Run now asks first. A test feed stands in for the platform's.</summary>
[Collection(SqliteCollection.Name)]
public sealed class RunNowConfirmationTests : FeedPageTestBase
{
    public RunNowConfirmationTests(SqliteDatabaseFixture database) : base(database) =>
        UseFeed<InstantStockImport>(FeedKind.ImportStockLevels);

    [Fact]
    public async Task Import_stock_levels_a_second_time_asks_first_and_Cancel_starts_nothing()
    {
        var integration = await IntegrationAsync();
        await RunAsync(integration.Id, FeedKind.ImportStockLevels, new FeedCounts(10, 0, 10, 0, 0));
        var dialogs = RenderDialogProvider();
        var cut = Render<IntegrationFeeds>(p => p.Add(c => c.IntegrationId, integration.Id));
        cut.WaitForAssertion(() => cut.Find(".run-now-ImportStockLevels"));

        cut.Find(".run-now-ImportStockLevels").Click();
        dialogs.WaitForAssertion(() => dialogs.Find(".mud-dialog").TextContent.ShouldContain("Running it again overwrites Connect's stock"));
        Button(dialogs, "Cancel").Click();

        dialogs.WaitForAssertion(() => dialogs.FindAll(".mud-dialog").ShouldBeEmpty());
        (await RunCountAsync(integration.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task Confirming_starts_the_run()
    {
        var integration = await IntegrationAsync();
        await RunAsync(integration.Id, FeedKind.ImportStockLevels, new FeedCounts(10, 0, 10, 0, 0));
        var dialogs = RenderDialogProvider();
        var cut = Render<IntegrationFeeds>(p => p.Add(c => c.IntegrationId, integration.Id));
        cut.WaitForAssertion(() => cut.Find(".run-now-ImportStockLevels"));

        cut.Find(".run-now-ImportStockLevels").Click();
        dialogs.WaitForAssertion(() => Button(dialogs, "Run it anyway").Click());

        await WaitUntilAsync(async () => await RunCountAsync(integration.Id) == 2);
    }

    [Fact]
    public async Task A_first_import_of_stock_levels_starts_without_asking()
    {
        var integration = await IntegrationAsync();
        var dialogs = RenderDialogProvider();
        var cut = Render<IntegrationFeeds>(p => p.Add(c => c.IntegrationId, integration.Id));
        cut.WaitForAssertion(() => cut.Find(".run-now-ImportStockLevels"));

        cut.Find(".run-now-ImportStockLevels").Click();

        await WaitUntilAsync(async () => await RunCountAsync(integration.Id) == 1);
        dialogs.FindAll(".mud-dialog").ShouldBeEmpty();
    }

    private Task<int> RunCountAsync(int integrationId) =>
        Database.QueryAsync(db => db.FeedRuns.CountAsync(r => r.IntegrationId == integrationId && r.Feed == FeedKind.ImportStockLevels));

    private static IElement Button(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not become true within 10 s.");
            await Task.Delay(20, Xunit.TestContext.Current.CancellationToken);
        }
    }

    public sealed class InstantStockImport : IFeed
    {
        public FeedKind Kind => FeedKind.ImportStockLevels;
        public Task<FeedOutcome> RunAsync(FeedContext context, CancellationToken cancellationToken) => Task.FromResult(FeedOutcome.Of(processed: 1, updated: 1));
    }
}
