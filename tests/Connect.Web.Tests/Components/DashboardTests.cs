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

    private static string Figure(IRenderedComponent<Dashboard> page, string title) =>
        page.FindAll(".mud-paper").Single(p => p.TextContent.Contains(title)).QuerySelector("h4")!.TextContent.Trim();
}
