using System.Security.Claims;
using Bunit;
using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Stores;
using Connect.Domain.Sync;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Inventory;
using Connect.Testing;
using Connect.Web.Components.Inventory;
using Connect.Web.Tests.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Connect.Web.Tests.Inventory;

/// <summary>The inventory sync grid of one integration on the real database: states, filters, search and force stock sync.</summary>
[Collection(SqliteCollection.Name)]
public sealed class InventorySyncPageTests : ComponentTest
{
    public InventorySyncPageTests(SqliteDatabaseFixture database) : base(database)
    {
        Services.AddSingleton<StockExportSignal>();
        Services.AddSingleton<InventorySync>();
    }

    [Fact]
    public async Task The_grid_shows_each_linked_sku_state_filters_failed_ones_and_force_sync_makes_the_chosen_one_pending()
    {
        var (integration, sent, failed, never) = await SeedAsync();
        Authorization.SetAuthorized("olga").SetRoles(Roles.Operator);
        Authorization.SetClaims(new Claim(ConnectClaims.AllStores, "true"));
        var popovers = Render<MudPopoverProvider>();

        var page = Render<InventorySyncPage>(p => p.Add(c => c.IntegrationId, integration.Id));

        page.WaitForAssertion(() => page.FindAll("#inventory-sync tbody tr").Count.ShouldBe(3));
        page.Find($".sent-{sent.Id}").TextContent.Trim().ShouldBe("14");
        page.Find($".state-{sent.Id}").TextContent.ShouldContain("Up to date");
        page.Find($".checked-{sent.Id}").TextContent.ShouldContain("11");
        page.Find($".state-{failed.Id}").TextContent.ShouldContain("Failed");
        page.Find($".error-{failed.Id}").TextContent.ShouldContain("Depends on stock");
        page.Find($".checked-{never.Id}").TextContent.ShouldContain("not checked");

        Choose(popovers, page.Find("#inventory-sync-filter"), "Failed");
        page.WaitForAssertion(() => page.FindAll("#inventory-sync tbody tr").ShouldHaveSingleItem().TextContent.ShouldContain("SYNC-FAILED"), TimeSpan.FromSeconds(5));
        Choose(popovers, page.Find("#inventory-sync-filter"), "All linked SKUs");
        page.Find("#inventory-sync-search").Input("SYNC-SENT");
        page.WaitForAssertion(() => page.FindAll("#inventory-sync tbody tr").ShouldHaveSingleItem().TextContent.ShouldContain("SYNC-SENT"), TimeSpan.FromSeconds(5));

        page.FindAll("#inventory-sync tbody tr input[type=checkbox]").Single().Change(true);
        page.WaitForAssertion(() => page.Find("#force-selected").HasAttribute("disabled").ShouldBeFalse());
        page.Find("#force-selected").Click();

        page.WaitForAssertion(() => page.Find($".state-{sent.Id}").TextContent.ShouldContain("To send"), TimeSpan.FromSeconds(5));
        var pending = await Database.QueryAsync(db => db.StockExportRequests.Where(r => r.Version > r.HandledVersion).Select(r => r.ProductId).ToListAsync());
        pending.Order().ShouldBe(new[] { sent.Id, failed.Id }.Order());
    }

    [Fact]
    public async Task A_viewer_sees_the_grid_without_force_buttons_and_another_store_sees_nothing()
    {
        var (integration, _, _, _) = await SeedAsync();
        Authorization.SetAuthorized("vic").SetRoles(Roles.Viewer);
        Authorization.SetClaims(new Claim(ConnectClaims.AllStores, "true"));

        var page = Render<InventorySyncPage>(p => p.Add(c => c.IntegrationId, integration.Id));

        page.WaitForAssertion(() => page.FindAll("#inventory-sync tbody tr").Count.ShouldBe(3));
        page.FindAll("#force-selected, #force-all").ShouldBeEmpty();

        Authorization.SetClaims(new Claim(ConnectClaims.Store, (integration.StoreId + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var other = Render<InventorySyncPage>(p => p.Add(c => c.IntegrationId, integration.Id));
        other.WaitForAssertion(() => other.Markup.ShouldContain("Integration not found"));
    }

    private static void Choose(IRenderedComponent<MudPopoverProvider> popovers, AngleSharp.Dom.IElement select, string item)
    {
        var root = select.Closest(".mud-select") ?? select;
        (root.QuerySelector(".mud-input-control") ?? select.Closest(".mud-input-control") ?? root).MouseDown();
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-list-item").First(i => i.TextContent.Contains(item)).Click());
    }

    private async Task<(Integration Integration, Product Sent, Product Failed, Product Never)> SeedAsync()
    {
        var now = DateTime.UtcNow;
        var store = await Database.InsertAsync(new Store("Main store", "MAIN", new Warehouse("Main", "MAIN")));
        var integration = await Database.InsertAsync(new Integration("Demo shop", "PrestaShop", "http://127.0.0.1:1/", store.Id, now));
        var sent = new Product(new ProductDetails("SYNC-SENT", "Sent", null, null, 0.1m, 1m, true), now);
        var failed = new Product(new ProductDetails("SYNC-FAILED", "Failed", null, null, 0.1m, 1m, true), now);
        var never = new Product(new ProductDetails("SYNC-NEVER", "Never", null, null, 0.1m, 1m, true), now);
        await Database.InsertAsync(sent, failed, never);
        await Database.InsertAsync(
            new ExternalLink(integration.Id, ExternalLinkKind.Product, "1-0", sent.Id, now),
            new ExternalLink(integration.Id, ExternalLinkKind.Product, "2-0", failed.Id, now),
            new ExternalLink(integration.Id, ExternalLinkKind.Product, "3-0", never.Id, now));
        var sentRequest = new StockExportRequest(integration.Id, sent.Id, now);
        sentRequest.Exported(1, 14, now);
        sentRequest.Checked(11, now);
        var failedRequest = new StockExportRequest(integration.Id, failed.Id, now);
        failedRequest.Failed("Stock row 9 depends on Advanced Stock Management: turn off 'Depends on stock'.", now);
        await Database.InsertAsync(sentRequest, failedRequest);
        return (integration, sent, failed, never);
    }
}
