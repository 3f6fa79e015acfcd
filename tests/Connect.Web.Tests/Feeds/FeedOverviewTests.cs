using System.Security.Claims;
using Bunit;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Testing;
using Connect.Web.Components.Feeds;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Feeds;

public abstract class FeedOverviewTests(DatabaseFixture database) : FeedPageTestBase(database)
{
    [Fact]
    public async Task Lists_each_integration_with_its_feeds_schedules_and_last_runs()
    {
        var live = await IntegrationAsync("Shop FR", live: true);
        await IntegrationAsync("Shop DE");
        var run = await RunAsync(live.Id, FeedKind.ImportNewOrders, new FeedCounts(4, 3, 1, 0, 0));
        await Services.GetRequiredService<FeedScheduler>().ChangeAsync(live.Id, FeedKind.ImportNewOrders, new ScheduleSettings(ScheduleMode.EveryMinutes, 5), TestUsers.Operator());

        var cut = Render<FeedOverview>();

        cut.WaitForAssertion(() =>
        {
            var papers = cut.FindAll(".mud-paper");
            papers.Count.ShouldBe(2);
            // Ordered by name: DE before FR.
            papers[0].TextContent.ShouldContain("Shop DE");
            papers[0].TextContent.ShouldContain("Not live");
            papers[1].QuerySelector($"a[href='/integrations/{live.Id}/feeds']")!.TextContent.ShouldBe("Shop FR");
            var orders = Row(papers[1], "Import new orders");
            orders.TextContent.ShouldContain("Every 5 minutes");
            orders.TextContent.ShouldContain("Succeeded");
            orders.TextContent.ShouldContain("4 processed · 3 created · 1 updated");
            orders.QuerySelector($"a[href='/feeds/runs/{run.Id}']").ShouldNotBeNull();
            Row(papers[1], "Import new products").TextContent.ShouldContain("Never run");
        });
    }

    [Fact]
    public async Task A_run_in_progress_shows_live_and_the_finished_run_is_read_back()
    {
        var integration = await IntegrationAsync();
        var run = await RunAsync(integration.Id, FeedKind.ImportNewProducts);
        var cut = Render<FeedOverview>();
        cut.WaitForAssertion(() => Row(cut.Find(".mud-paper"), "Import new products").TextContent.ShouldContain("Running"));

        Notifier.Publish(Snapshot(run, FeedRunStatus.Running, new FeedCounts(50, 50, 0, 0, 0), total: 100));
        cut.WaitForAssertion(() => Row(cut.Find(".mud-paper"), "Import new products").TextContent.ShouldContain("50 processed · 50 created"));

        Notifier.Publish(Snapshot(run, FeedRunStatus.Succeeded, new FeedCounts(100, 100, 0, 0, 0)));
        cut.WaitForAssertion(() =>
        {
            var row = Row(cut.Find(".mud-paper"), "Import new products");
            row.TextContent.ShouldContain("Succeeded");
            row.TextContent.ShouldContain("100 processed · 100 created");
        });
    }

    [Fact]
    public async Task A_user_limited_to_some_stores_sees_only_their_integrations()
    {
        var mine = await IntegrationAsync("Shop FR");
        await IntegrationAsync("Shop DE");
        Authorization.SetClaims(new Claim(ConnectClaims.Store, mine.StoreId.ToString()));

        var cut = Render<FeedOverview>();

        cut.WaitForAssertion(() =>
        {
            cut.FindAll(".mud-paper").Count.ShouldBe(1);
            cut.Markup.ShouldContain("Shop FR");
            cut.Markup.ShouldNotContain("Shop DE");
        });
    }

    [Fact]
    public void Without_integrations_it_says_so()
    {
        var cut = Render<FeedOverview>();

        cut.WaitForAssertion(() => cut.Markup.ShouldContain("No integration yet."));
    }

    private static AngleSharp.Dom.IElement Row(AngleSharp.Dom.IElement paper, string feed) =>
        paper.QuerySelectorAll(".overview-feeds tbody tr").Single(r => r.QuerySelector("td")!.TextContent == feed);
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFeedOverviewTests(SqliteDatabaseFixture database) : FeedOverviewTests(database);
