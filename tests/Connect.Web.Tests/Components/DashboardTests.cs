using System.Security.Claims;
using Bunit;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Stores;
using Connect.Infrastructure.Identity;
using Connect.Testing;
using Connect.Web.Components.Dashboard;

namespace Connect.Web.Tests.Components;

[Collection(SqliteCollection.Name)]
public sealed class DashboardTests(SqliteDatabaseFixture database) : ComponentTest(database)
{
    [Fact]
    public async Task A_store_limited_operator_counts_only_the_integrations_and_running_feeds_of_their_stores()
    {
        Store mine = new("Mine", "MINE", new Warehouse("Mine", "MINE")), theirs = new("Theirs", "THEIRS", new Warehouse("Theirs", "THEIRS"));
        await Database.InsertAsync(mine, theirs);
        var now = DateTime.UtcNow;
        var myShop = await Database.InsertAsync(new Integration("My shop", "PrestaShop", "https://mine.example", mine.Id, now));
        var theirShop = await Database.InsertAsync(new Integration("Their shop", "PrestaShop", "https://theirs.example", theirs.Id, now));
        foreach (var (integration, feed) in new[] { (theirShop, FeedKind.ImportNewOrders), (theirShop, FeedKind.ImportNewProducts), (myShop, FeedKind.ImportNewProducts) })
            await Database.InsertAsync(new FeedRun(integration.Id, feed, FeedTrigger.Manual, "ada", "test", null, now));
        Authorization.SetAuthorized("ada").SetRoles(Roles.Operator).SetClaims(new Claim(ConnectClaims.Store, mine.Id.ToString()));

        var page = Render<Dashboard>();

        page.WaitForAssertion(() => Figure(page, "Integrations").ShouldBe("1"));
        Figure(page, "Feeds running").ShouldBe("1");
    }

    [Fact]
    public async Task Needs_attention_lists_failed_runs_and_missing_mappings_of_the_operators_own_stores_only()
    {
        Store mine = new("Mine", "MINE", new Warehouse("Mine", "MINE")), theirs = new("Theirs", "THEIRS", new Warehouse("Theirs", "THEIRS"));
        await Database.InsertAsync(mine, theirs);
        var now = DateTime.UtcNow;
        var myShop = await Database.InsertAsync(new Integration("My shop", "PrestaShop", "https://mine.example", mine.Id, now));
        var theirShop = await Database.InsertAsync(new Integration("Their shop", "PrestaShop", "https://theirs.example", theirs.Id, now));
        foreach (var integration in new[] { myShop, theirShop })
        {
            var run = new FeedRun(integration.Id, FeedKind.ImportNewOrders, FeedTrigger.Manual, "ada", "test", null, now.AddHours(-2));
            run.Fail(FeedCounts.Zero, "The shop could not be reached", now.AddHours(-2));
            await Database.InsertAsync(run);
        }
        var yesterday = new FeedRun(myShop.Id, FeedKind.ImportNewProducts, FeedTrigger.Manual, "ada", "test", null, now.AddDays(-2));
        yesterday.Fail(FeedCounts.Zero, "Old failure", now.AddDays(-2));
        await Database.InsertAsync(yesterday);
        Authorization.SetAuthorized("ada").SetRoles(Roles.Operator).SetClaims(new Claim(ConnectClaims.Store, mine.Id.ToString()));

        var page = Render<Dashboard>();

        page.WaitForAssertion(() => page.FindAll("#needs-attention .attention").ShouldNotBeEmpty());
        var items = page.FindAll("#needs-attention .attention").Select(i => i.TextContent.Trim()).ToList();
        items.ShouldContain("My shop: 1 feed run failed in the last 24 hours");
        items.ShouldContain("My shop: no carrier or payment mapped yet, so its orders cannot import");
        items.ShouldAllBe(i => !i.Contains("Their shop"));
        page.Find("#needs-attention .attention-failed-runs").GetAttribute("href").ShouldBe($"/integrations/{myShop.Id}/feeds");
    }

    private static string Figure(IRenderedComponent<Dashboard> page, string title) =>
        page.FindAll(".mud-paper").Single(p => p.TextContent.Contains(title)).QuerySelector("h4")!.TextContent.Trim();
}
