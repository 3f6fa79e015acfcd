using Bunit;
using Connect.Domain.Catalog;
using Connect.Domain.Inventory;
using Connect.Domain.Stores;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Inventory;
using Connect.Testing;
using Connect.Web.Components.Inventory;
using Connect.Web.Tests.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Connect.Web.Tests.Inventory;

/// <summary>The Inventory page and its stock dialogs on the real database, driven as an operator would.</summary>
[Collection(SqliteCollection.Name)]
public sealed class StockListTests : ComponentTest
{
    public StockListTests(SqliteDatabaseFixture database) : base(database)
    {
        Services.AddSingleton<SellableQuantity>();
        Services.AddSingleton<StockQueries>();
        Services.AddSingleton<InventoryService>();
        Services.AddSingleton<StockExportSignal>();
        Services.AddSingleton<InventorySync>();
    }

    [Fact]
    public async Task The_page_lists_product_and_warehouse_rows_searches_by_barcode_and_filters_negative_available()
    {
        var (main, _, mug, _) = await SeedAsync();
        await using (var db = Database.CreateContext())
        {
            // Reserved beyond on hand can only come from a correction after reservations: shown as negative available.
            var level = await db.StockLevels.SingleAsync(s => s.ProductId == mug.Id && s.WarehouseId == main.Id);
            db.Entry(level).Property(nameof(StockLevel.Reserved)).CurrentValue = 7;
            await db.SaveChangesAsync();
        }
        Authorization.SetAuthorized("olga").SetRoles(Roles.Operator);
        var popovers = Render<MudPopoverProvider>();

        var page = Render<StockList>();
        page.WaitForAssertion(() => page.FindAll("#stock tbody tr").Count.ShouldBe(4)); // 2 products x 2 warehouses

        page.Find("#stock-search").Input("012345678905");
        page.WaitForAssertion(() =>
        {
            page.FindAll("#stock tbody tr").Count.ShouldBe(2);
            page.Find("#stock").TextContent.ShouldContain("MUG-1");
            page.Find("#stock").TextContent.ShouldNotContain("TSHIRT");
        }, TimeSpan.FromSeconds(5));
        page.FindAll("#stock tbody tr").Single(r => r.TextContent.Contains("Main")).QuerySelector(".available")!.TextContent.Trim().ShouldBe("-2");

        page.Find("#stock-search").Input("");
        Choose(popovers, page.Find("#stock-filter"), "Negative available");
        page.WaitForAssertion(() =>
        {
            var row = page.FindAll("#stock tbody tr").ShouldHaveSingleItem();
            row.TextContent.ShouldContain("MUG-1");
            row.TextContent.ShouldContain("Main");
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Adjusting_receiving_and_transferring_from_the_dialogs_changes_the_stock_and_records_who_and_why()
    {
        var (main, backup, _, shirt) = await SeedAsync();
        Authorization.SetAuthorized("olga").SetRoles(Roles.Operator);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<StockList>();
        page.WaitForAssertion(() => page.Find($".adjust-{shirt.Id}-{main.Id}"));

        page.Find($".adjust-{shirt.Id}-{main.Id}").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#stock-dialog-quantity"));
        dialogs.Find("#stock-dialog-quantity").Change("20");
        dialogs.Find("#stock-dialog-reason").Change("yearly count");
        dialogs.Find("#stock-dialog-save").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll(".mud-dialog").ShouldBeEmpty());

        page.Find($".receive-{shirt.Id}-{main.Id}").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#stock-dialog-quantity"));
        dialogs.Find("#stock-dialog-quantity").Change("5");
        dialogs.Find("#stock-dialog-save").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll(".mud-dialog").ShouldBeEmpty());

        page.Find($".transfer-{shirt.Id}-{main.Id}").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#stock-dialog-quantity"));
        dialogs.Find("#stock-dialog-quantity").Change("8");
        dialogs.Find("#stock-dialog-save").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll(".mud-dialog").ShouldBeEmpty());

        var levels = await Database.QueryAsync(db => db.StockLevels.Where(s => s.ProductId == shirt.Id).ToDictionaryAsync(s => s.WarehouseId, s => s.OnHand));
        levels[main.Id].ShouldBe(17);
        levels[backup.Id].ShouldBe(8);
        var movements = await Database.QueryAsync(db => db.StockMovements.Where(m => m.ProductId == shirt.Id).OrderBy(m => m.Id).ToListAsync());
        movements.Select(m => m.Reason).ShouldBe([StockMovementReason.Count, StockMovementReason.Count, StockMovementReason.Receipt, StockMovementReason.Transfer, StockMovementReason.Transfer]);
        movements[1].By.ShouldBe("olga");
        movements[1].Note.ShouldBe("yearly count");
        page.WaitForAssertion(() => page.Find("#stock").TextContent.ShouldContain("17"));
    }

    [Fact]
    public async Task A_refused_change_is_explained_in_the_dialog_and_a_viewer_gets_no_buttons()
    {
        var (main, _, _, shirt) = await SeedAsync();
        Authorization.SetAuthorized("olga").SetRoles(Roles.Operator);
        var popovers = Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<StockList>();
        page.WaitForAssertion(() => page.Find($".adjust-{shirt.Id}-{main.Id}"));

        page.Find($".adjust-{shirt.Id}-{main.Id}").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#stock-dialog-mode"));
        Choose(popovers, dialogs.Find("#stock-dialog-mode"), "Remove");
        dialogs.Find("#stock-dialog-quantity").Change("3");
        dialogs.Find("#stock-dialog-save").Click();

        dialogs.WaitForAssertion(() => dialogs.Find("#stock-dialog-error").TextContent.ShouldContain("Say why the stock changes"));

        Authorization.SetAuthorized("vera").SetRoles(Roles.Viewer);
        var readOnly = Render<StockList>();
        readOnly.WaitForAssertion(() => readOnly.Find("#stock").TextContent.ShouldContain("TSHIRT"));
        readOnly.FindAll($".adjust-{shirt.Id}-{main.Id}").ShouldBeEmpty();
    }

    /// <summary>Opens a MudSelect (found by the id on its input) and clicks the item with that text.</summary>
    private static void Choose(IRenderedComponent<MudPopoverProvider> popovers, AngleSharp.Dom.IElement select, string item)
    {
        var root = select.Closest(".mud-select") ?? select;
        (root.QuerySelector(".mud-input-control") ?? select.Closest(".mud-input-control") ?? root).MouseDown();
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-list-item").First(i => i.TextContent.Contains(item)).Click());
    }

    private async Task<(Warehouse Main, Warehouse Backup, Product Mug, Product Shirt)> SeedAsync()
    {
        var main = new Warehouse("Main", "MAIN");
        var backup = new Warehouse("Backup", "BACK");
        await Database.InsertAsync(new Store("Main store", "MAIN", main));
        await Database.InsertAsync(backup);
        var now = DateTime.UtcNow;
        var mug = new Product(new ProductDetails("MUG-1", "Mug", null, "012345678905", 0.5m, 9.9m, true), now);
        var shirt = new Product(new ProductDetails("TSHIRT-M-BLUE", "T-shirt", "3760000000017", null, 0.3m, 19.9m, true), now);
        await Database.InsertAsync(mug, shirt);
        var mugLevel = new StockLevel(mug.Id, main.Id);
        var shirtLevel = new StockLevel(shirt.Id, main.Id);
        await Database.InsertAsync(mugLevel, shirtLevel,
            mugLevel.Count(5, new StockChange(StockMovementReason.Count, "tester", now)),
            shirtLevel.Count(10, new StockChange(StockMovementReason.Count, "tester", now)));
        return (main, backup, mug, shirt);
    }
}
