using System.Security.Claims;
using Bunit;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Testing;
using Connect.Web.Components.Feeds;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Feeds;

public abstract class FeedRunPageTests(DatabaseFixture database) : FeedPageTestBase(database)
{
    /// <summary>The counts line as read: one space between words whatever the markup's line breaks.</summary>
    protected static string Squeeze(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    [Fact]
    public async Task Shows_a_finished_run_with_its_log_and_links_to_the_records()
    {
        var integration = await IntegrationAsync("Shop FR");
        var run = await RunAsync(integration.Id, FeedKind.ImportNewOrders, new FeedCounts(3, 1, 0, 1, 1));
        await Database.InsertAsync(
            new FeedLogEntry(run.Id, Now, FeedLogLevel.Info, "Imported order 10.", "10", "order", 9),
            new FeedLogEntry(run.Id, Now, FeedLogLevel.Error, "Map carrier 'Colissimo' in Configuration > Shipping method mapping, then run Retry.", "11", null, null),
            new FeedLogEntry(run.Id, Now, FeedLogLevel.Warning, "Product 5 has no stock level yet.", "5", "product", 5));

        var cut = Render<FeedRunPage>(p => p.Add(c => c.RunId, run.Id));

        cut.WaitForAssertion(() =>
        {
            cut.Find("#page-title").TextContent.ShouldContain($"Import new orders · Shop FR · run #{run.Id}");
            cut.Find("#run-status").TextContent.ShouldContain("Completed with errors");
            Squeeze(cut.Find("#run-counts").TextContent).ShouldBe("3 processed · 1 created · 0 updated · 0 unchanged · 1 skipped · 1 failed");
            var lines = cut.FindAll("#run-log .log-line");
            lines.Count.ShouldBe(3);
            lines[1].TextContent.ShouldContain("Map carrier 'Colissimo'");
            lines[1].QuerySelector("a").ShouldBeNull();
        });
        cut.Find("#run-log a[href='/orders/9']").TextContent.ShouldContain("order #9");
        cut.Find("#run-log a[href='/catalog/products/5']").TextContent.ShouldContain("product #5");
    }

    [Fact]
    public async Task The_live_tail_appends_published_lines_of_this_run_only()
    {
        var integration = await IntegrationAsync();
        var run = await RunAsync(integration.Id, FeedKind.ImportNewProducts);
        await Database.InsertAsync(new FeedLogEntry(run.Id, Now, FeedLogLevel.Info, "Page 1 imported.", null, null, null));
        var cut = Render<FeedRunPage>(p => p.Add(c => c.RunId, run.Id));
        cut.WaitForAssertion(() => cut.FindAll("#run-log .log-line").Count.ShouldBe(1));

        Notifier.Publish(new FeedLogLine(run.Id + 1000, integration.Id, FeedKind.ImportNewOrders, Now, FeedLogLevel.Info, "Another run's line.", null, null, null));
        Notifier.Publish(new FeedLogLine(run.Id, integration.Id, run.Feed, Now.AddSeconds(5), FeedLogLevel.Error,
            "Product 77 has no reference; add one in PrestaShop, then run Update products.", "77", "product", 12));
        Notifier.Publish(Snapshot(run, FeedRunStatus.Running, new FeedCounts(20, 19, 0, 0, 1), total: 40));

        cut.WaitForAssertion(() =>
        {
            var lines = cut.FindAll("#run-log .log-line");
            lines.Count.ShouldBe(2);
            lines[1].TextContent.ShouldContain("Product 77 has no reference");
            lines[1].QuerySelector("a[href='/catalog/products/12']").ShouldNotBeNull();
            Squeeze(cut.Find("#run-counts").TextContent).ShouldBe("20 processed · 19 created · 0 updated · 0 unchanged · 0 skipped · 1 failed");
            cut.Find("#run-progress").TextContent.ShouldStartWith("20 of 40 · 50%");
        });
        cut.Markup.ShouldNotContain("Another run's line.");
    }

    [Fact]
    public async Task When_the_run_id_changes_in_place_to_another_stores_run_nothing_of_it_is_shown_or_tailed()
    {
        var mine = await IntegrationAsync("Shop FR");
        var theirs = await IntegrationAsync("Shop DE");
        var myRun = await RunAsync(mine.Id, FeedKind.ImportNewProducts);
        var theirRun = await RunAsync(theirs.Id, FeedKind.ImportNewProducts);
        await Database.InsertAsync(new FeedLogEntry(theirRun.Id, Now, FeedLogLevel.Info, "Secret line.", null, null, null));
        Authorization.SetClaims(new Claim(ConnectClaims.Store, mine.StoreId.ToString()));
        var cut = Render<FeedRunPage>(p => p.Add(c => c.RunId, myRun.Id));
        cut.WaitForAssertion(() => cut.Find("#stop-run"));

        cut.Render(p => p.Add(c => c.RunId, theirRun.Id));
        Notifier.Publish(new FeedLogLine(theirRun.Id, theirs.Id, theirRun.Feed, Now, FeedLogLevel.Info, "Streamed secret.", null, null, null));

        cut.WaitForAssertion(() => cut.Find("#run-not-found"));
        cut.FindAll("#stop-run").ShouldBeEmpty();
        cut.Markup.ShouldNotContain("Secret line.");
        cut.Markup.ShouldNotContain("Streamed secret.");
    }

    [Fact]
    public async Task A_run_of_another_store_is_not_shown()
    {
        var theirs = await IntegrationAsync("Shop DE");
        var mine = await IntegrationAsync("Shop FR");
        var run = await RunAsync(theirs.Id, FeedKind.ImportNewOrders, new FeedCounts(1, 1, 0, 0, 0));
        await Database.InsertAsync(new FeedLogEntry(run.Id, Now, FeedLogLevel.Info, "Secret line.", null, null, null));
        Authorization.SetClaims(new Claim(ConnectClaims.Store, mine.StoreId.ToString()));

        var cut = Render<FeedRunPage>(p => p.Add(c => c.RunId, run.Id));

        cut.WaitForAssertion(() => cut.Find("#run-not-found"));
        cut.Markup.ShouldNotContain("Secret line.");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFeedRunPageTests(SqliteDatabaseFixture database) : FeedRunPageTests(database)
{
    [Fact]
    public async Task The_skipped_and_failed_counts_filter_the_log_and_a_second_click_shows_it_all()
    {
        var integration = await IntegrationAsync("Shop FR");
        var run = await RunAsync(integration.Id, FeedKind.ImportNewOrders, new FeedCounts(3, 1, 0, 1, 1));
        await Database.InsertAsync(
            new FeedLogEntry(run.Id, Now, FeedLogLevel.Info, "Imported order 10.", "10", "order", 9),
            new FeedLogEntry(run.Id, Now, FeedLogLevel.Error, "Map carrier 'Colissimo', then run Retry.", "11", null, null),
            new FeedLogEntry(run.Id, Now, FeedLogLevel.Warning, "Order 12 is not imported: its state is 'Cancelled'.", "12", "order", null));
        var cut = Render<FeedRunPage>(p => p.Add(c => c.RunId, run.Id));
        cut.WaitForAssertion(() => cut.FindAll("#run-log .log-line").Count.ShouldBe(3));

        await cut.Find(".count-filter-skipped").ClickAsync(new());
        cut.WaitForAssertion(() => cut.FindAll("#run-log .log-line").Single().TextContent.ShouldContain("Order 12 is not imported"));

        await cut.Find(".count-filter-failed").ClickAsync(new());
        cut.WaitForAssertion(() => cut.FindAll("#run-log .log-line").Single().TextContent.ShouldContain("Map carrier"));

        await cut.Find(".count-filter-failed").ClickAsync(new());
        cut.WaitForAssertion(() => cut.FindAll("#run-log .log-line").Count.ShouldBe(3));
    }

    [Fact]
    public async Task A_run_without_log_lines_says_so_links_back_and_explains_its_checkpoint()
    {
        var integration = await IntegrationAsync("Shop FR");
        var run = new FeedRun(integration.Id, FeedKind.ImportNewProducts, FeedTrigger.Manual, "ada", "test", null, Now);
        run.Commit("1234");
        run.Complete(new FeedCounts(10, 0, 0, 0, 0, Unchanged: 10), Now.AddMinutes(1));
        await Database.InsertAsync(run);

        var cut = Render<FeedRunPage>(p => p.Add(c => c.RunId, run.Id));

        cut.WaitForAssertion(() => cut.Find("#run-log-empty").TextContent.ShouldContain("No warnings or errors"));
        cut.FindAll("#run-log").ShouldBeEmpty();
        cut.Find("#run-checkpoint").TextContent.ShouldContain("1234 — where the next run of this feed starts");
        var crumbs = cut.FindAll("#run-breadcrumb a").Select(a => a.GetAttribute("href")).ToList();
        crumbs.ShouldBe(["/feeds/log", $"/integrations/{integration.Id}/feeds"]);
        cut.Find("#run-breadcrumb [aria-current=page]").TextContent.ShouldBe($"Import new products run #{run.Id}");
        Squeeze(cut.Find("#run-counts").TextContent).ShouldContain("10 unchanged");
    }

    [Fact]
    public async Task Run_again_starts_the_same_feed_through_the_runner_and_opens_the_new_run()
    {
        UseFeed<SqliteGoLiveChecklistPageTests.InstantProductImport>(FeedKind.ImportNewProducts);
        var integration = await IntegrationAsync("Shop FR");
        var first = await RunAsync(integration.Id, FeedKind.ImportNewProducts, new FeedCounts(2, 2, 0, 0, 0));
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var cut = Render<FeedRunPage>(p => p.Add(c => c.RunId, first.Id));

        cut.WaitForAssertion(() => cut.Find("#run-again"));
        await cut.Find("#run-again").ClickAsync(new());

        cut.WaitForAssertion(() => navigation.Uri.ShouldNotEndWith($"/feeds/runs/{first.Id}"), TimeSpan.FromSeconds(60));
        await using var db = await Database.Contexts.CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken);
        var again = db.FeedRuns.Where(r => r.IntegrationId == integration.Id).OrderByDescending(r => r.Id).First();
        again.Id.ShouldBeGreaterThan(first.Id);
        navigation.Uri.ShouldEndWith($"/feeds/runs/{again.Id}");
    }
}
