using Bunit;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Testing;
using Connect.Web.Components.Feeds;

namespace Connect.Web.Tests.Feeds;

public abstract class IntegrationFeedsTests(DatabaseFixture database, string role = Roles.Operator) : FeedPageTestBase(database, role)
{
    [Fact]
    public async Task Shows_each_feed_with_its_last_run_and_the_checklist_progress()
    {
        var integration = await IntegrationAsync();
        await RunAsync(integration.Id, FeedKind.ImportNewProducts, new FeedCounts(12, 10, 2, 0, 0));

        var cut = Render<IntegrationFeeds>(p => p.Add(c => c.IntegrationId, integration.Id));

        cut.WaitForAssertion(() =>
        {
            cut.FindAll("#integration-feeds tbody tr").Count.ShouldBe(13);
            cut.Find(".last-run-ImportNewProducts").TextContent.ShouldContain("Succeeded");
            cut.Find(".progress-ImportNewProducts").TextContent.ShouldContain("12 processed · 10 created · 2 updated");
            cut.Find(".last-run-ImportNewOrders").TextContent.ShouldContain("Never run");
        });
        var firstStep = cut.FindAll("#go-live-checklist .mud-list-item")[0];
        firstStep.ClassList.ShouldContain("step-done");
        firstStep.TextContent.ShouldContain("Import new products");
    }

    [Fact]
    public async Task Product_sync_shows_the_date_it_synchronizes_from_and_offers_to_clear_it()
    {
        var integration = await IntegrationAsync();
        var lease = new FeedLease(integration.Id, FeedKind.ProductSync);
        lease.Commit("2026-11-30 10:00:00|19|40");
        await Database.InsertAsync(lease);

        var cut = Render<IntegrationFeeds>(p => p.Add(c => c.IntegrationId, integration.Id));

        cut.WaitForAssertion(() => cut.Find("#synchronize-from-ProductSync").TextContent.ShouldContain("2026-11-30 10:00:00 (shop time)"));
        cut.FindAll(".clear-synchronize-from-ProductSync").Count.ShouldBe(1);
        cut.FindAll("[id^=synchronize-from-]").Count.ShouldBe(1); // only the feed that reads changes since a date
        cut.FindAll("#go-live-checklist .mud-list-item").ShouldContain(i => i.TextContent.Contains("Product sync (optional)") && i.TextContent.Contains("every 15 minutes"));
    }

    [Fact]
    public async Task A_live_snapshot_shows_the_run_in_progress_and_then_how_it_ended()
    {
        var integration = await IntegrationAsync();
        var run = await RunAsync(integration.Id, FeedKind.ImportNewOrders);
        var cut = Render<IntegrationFeeds>(p => p.Add(c => c.IntegrationId, integration.Id));
        cut.WaitForAssertion(() => cut.Find(".last-run-ImportNewOrders").TextContent.ShouldContain("Running"));

        Notifier.Publish(Snapshot(run, FeedRunStatus.Running, new FeedCounts(5, 5, 0, 0, 0), total: 10));

        cut.WaitForAssertion(() =>
        {
            cut.Find(".progress-ImportNewOrders").TextContent.ShouldContain("5 processed · 5 created · 0 updated · 0 skipped · 0 failed of 10");
            cut.FindAll(".progress-ImportNewOrders .mud-progress-linear").Count.ShouldBe(1);
        });

        Notifier.Publish(Snapshot(run, FeedRunStatus.Failed, new FeedCounts(7, 7, 0, 0, 0)) with { Error = "The API key was refused." });

        cut.WaitForAssertion(() =>
        {
            cut.Find(".last-run-ImportNewOrders").TextContent.ShouldContain("Failed");
            cut.Find(".last-run-ImportNewOrders").TextContent.ShouldContain("The API key was refused.");
            cut.FindAll(".progress-ImportNewOrders .mud-progress-linear").ShouldBeEmpty();
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteIntegrationFeedsTests(SqliteDatabaseFixture database) : IntegrationFeedsTests(database)
{
    [Fact]
    public async Task An_operator_gets_Run_now_and_Stop_buttons()
    {
        var integration = await IntegrationAsync();
        await RunAsync(integration.Id, FeedKind.ImportNewOrders);

        var cut = Render<IntegrationFeeds>(p => p.Add(c => c.IntegrationId, integration.Id));

        cut.WaitForAssertion(() =>
        {
            cut.FindAll(".run-now-ImportNewProducts").Count.ShouldBe(1);
            cut.FindAll(".stop-ImportNewOrders").Count.ShouldBe(1);
            cut.Find(".run-now-StockLevelExport").HasAttribute("disabled").ShouldBeTrue();
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteIntegrationFeedsStoreLimitTests(SqliteDatabaseFixture database) : FeedPageTestBase(database)
{
    [Fact]
    public async Task When_the_url_changes_in_place_the_page_checks_and_shows_the_new_integration()
    {
        var mine = await IntegrationAsync("Mine");
        var theirs = await IntegrationAsync("Theirs");
        Authorization.SetClaims(new System.Security.Claims.Claim(ConnectClaims.Store, mine.StoreId.ToString()));
        var cut = Render<IntegrationFeeds>(p => p.Add(c => c.IntegrationId, theirs.Id));
        cut.WaitForAssertion(() => cut.Find("#feeds-not-found"));
        cut.FindAll("[class*=run-now-]").ShouldBeEmpty();

        cut.Render(p => p.Add(c => c.IntegrationId, mine.Id));
        cut.WaitForAssertion(() => cut.FindAll(".run-now-ImportNewProducts").Count.ShouldBe(1));

        cut.Render(p => p.Add(c => c.IntegrationId, theirs.Id));
        cut.WaitForAssertion(() => cut.Find("#feeds-not-found"));
        cut.FindAll("[class*=run-now-]").ShouldBeEmpty();
        cut.FindAll("[class*=edit-schedule-]").ShouldBeEmpty();
    }

    [Fact]
    public async Task An_operator_with_no_store_ticked_sees_no_integration()
    {
        var integration = await IntegrationAsync("Any");
        Authorization.SetClaims();

        var cut = Render<IntegrationFeeds>(p => p.Add(c => c.IntegrationId, integration.Id));

        cut.WaitForAssertion(() => cut.Find("#feeds-not-found"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteIntegrationFeedsViewerTests(SqliteDatabaseFixture database) : FeedPageTestBase(database, Roles.Viewer)
{
    [Fact]
    public async Task A_viewer_reads_the_feeds_but_gets_no_buttons()
    {
        var integration = await IntegrationAsync();

        var cut = Render<IntegrationFeeds>(p => p.Add(c => c.IntegrationId, integration.Id));

        cut.WaitForAssertion(() => cut.FindAll("#integration-feeds tbody tr").Count.ShouldBe(13));
        cut.FindAll("[class*=run-now-]").ShouldBeEmpty();
        cut.FindAll("[class*=edit-schedule-]").ShouldBeEmpty();
    }
}
