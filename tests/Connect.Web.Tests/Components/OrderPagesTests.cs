using System.Security.Claims;
using Bunit;
using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Orders;
using Connect.Testing;
using Connect.Web.Components.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Components;

/// <summary>The orders grid with its preparation tabs, the order detail with hold and release, and the waiting list.</summary>
[Collection(SqliteCollection.Name)]
public sealed class OrderPagesTests : ComponentTest
{
    private static readonly StockChange Change = new(StockMovementReason.Reservation, "test", DateTime.UtcNow);

    public OrderPagesTests(SqliteDatabaseFixture database) : base(database) => Services.AddSingleton<OrderActions>();

    [Fact]
    public async Task The_tabs_count_the_open_orders_by_preparation_state_and_show_the_chosen_one()
    {
        var (store, _) = await SeedAsync();
        Authorization.SetAuthorized("admin").SetRoles(Roles.Admin);

        var page = Render<OrderList>();

        page.WaitForAssertion(() => page.Find("#order-tabs").TextContent.ShouldContain("In stock (1)"));
        var tabs = page.Find("#order-tabs").TextContent;
        tabs.ShouldContain("All (4)");
        tabs.ShouldContain("Partial (0)");
        tabs.ShouldContain("Backorder (1)");
        tabs.ShouldContain("On hold (1)");
        page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("On hold", StringComparison.Ordinal)).Click();
        page.WaitForAssertion(() => page.Find("#orders").TextContent.ShouldContain("HELD-1"));
        page.Find("#orders").TextContent.ShouldNotContain("STOCKED-1");
        page.Find("#orders").TextContent.ShouldNotContain("CANCELLED-1");
        store.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_search_finds_an_order_by_a_SKU_of_its_lines()
    {
        await SeedAsync();
        Authorization.SetAuthorized("admin").SetRoles(Roles.Admin);
        var page = Render<OrderList>();
        page.WaitForAssertion(() => page.Find("#orders").TextContent.ShouldContain("BACKORDER-1"));

        var field = page.Find("#order-search");
        var search = field.TagName == "INPUT" ? field : field.QuerySelector("input")!;
        await search.InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "MUG-1" });

        page.WaitForAssertion(() => page.Find("#orders").TextContent.ShouldNotContain("STOCKED-1"), TimeSpan.FromSeconds(5));
        page.Find("#orders").TextContent.ShouldContain("BACKORDER-1");
    }

    [Fact]
    public async Task The_detail_shows_ordered_reserved_and_shipped_quantities_with_the_available_stock_and_an_operator_holds_it()
    {
        var (_, ids) = await SeedAsync();
        Authorization.SetAuthorized("op").SetRoles(Roles.Operator).SetClaims(new System.Security.Claims.Claim(ConnectClaims.AllStores, "true"));

        var page = Render<OrderDetail>(p => p.Add(x => x.Id, ids["STOCKED-1"]));

        page.WaitForAssertion(() => page.Find("#order-lines").TextContent.ShouldContain("TEE-1"));
        var cells = page.Find("#order-lines tbody tr").QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        cells[2..6].ShouldBe(["1", "1", "0", "4"]); // ordered, reserved, shipped, available (5 on hand, 1 reserved)
        page.Find("#order-preparation").TextContent.ShouldBe("In stock");
        page.Find("#order-address").TextContent.ShouldContain("Paris");

        page.Find("#hold").Click();

        page.WaitForAssertion(() => page.Find("#order-status").TextContent.ShouldBe("OnHold"));
        (await Database.FindAsync<Order>(ids["STOCKED-1"]))!.Status.ShouldBe(OrderStatus.OnHold);
        page.Find("#release").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_viewer_sees_no_hold_button_and_the_service_refuses_the_hold()
    {
        var (_, ids) = await SeedAsync();
        Authorization.SetAuthorized("viewer").SetRoles(Roles.Viewer).SetClaims(new System.Security.Claims.Claim(ConnectClaims.AllStores, "true"));

        var page = Render<OrderDetail>(p => p.Add(x => x.Id, ids["STOCKED-1"]));

        page.WaitForAssertion(() => page.Find("#order-lines"));
        page.FindAll("#hold").ShouldBeEmpty();
        var viewer = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Viewer)], "test"));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => Services.GetRequiredService<OrderActions>().HoldAsync(viewer, ids["STOCKED-1"]));
    }

    [Fact]
    public async Task An_operator_limited_to_another_store_cannot_open_the_order_nor_hold_it()
    {
        var (_, ids) = await SeedAsync();
        var other = await Database.InsertAsync(new Store("Paris", "PARIS", new Warehouse("Paris", "PAR")));
        Authorization.SetAuthorized("paris-op").SetRoles(Roles.Operator).SetClaims(new Claim(ConnectClaims.Store, other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var page = Render<OrderDetail>(p => p.Add(x => x.Id, ids["STOCKED-1"]));

        page.WaitForAssertion(() => page.Find("#order-not-found"));
        page.Markup.ShouldNotContain("TEE-1");
        page.Markup.ShouldNotContain("STOCKED-1");
        var parisOperator = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Role, Roles.Operator), new Claim(ConnectClaims.Store, other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))], "test"));
        await Should.ThrowAsync<Connect.Domain.DomainException>(() => Services.GetRequiredService<OrderActions>().HoldAsync(parisOperator, ids["STOCKED-1"]));
        (await Database.FindAsync<Order>(ids["STOCKED-1"]))!.Status.ShouldBe(OrderStatus.Valid);
    }

    [Fact]
    public async Task The_waiting_list_shows_the_reason_and_the_fix_of_the_stores_the_user_sees()
    {
        var (store, _) = await SeedAsync();
        var integration = await Database.InsertAsync(new Integration("Demo shop", "PrestaShop", "https://shop.example", store, DateTime.UtcNow));
        var waiting = new WaitingOrder(integration.Id, store, "42", "ABCDEF", DateTime.UtcNow, [new WaitingOrderLine(null, "1-1", "demo_1", 2)], DateTime.UtcNow);
        waiting.Seen("1", "Awaiting check payment", WaitingReason.ImportFailed,
            "Map carrier 'My carrier' (reference 2) in Configuration > Shipping method mapping; Retry will import the order.", DateTime.UtcNow);
        await Database.InsertAsync(waiting);
        Authorization.SetAuthorized("admin").SetRoles(Roles.Admin);

        var page = Render<WaitingOrders>();

        page.WaitForAssertion(() => page.Find("#waiting-orders").TextContent.ShouldContain("Map carrier 'My carrier' (reference 2)"));
        var text = page.Find("#waiting-orders").TextContent;
        text.ShouldContain("Awaiting check payment");
        text.ShouldContain("Import failed");
        text.ShouldContain("ABCDEF");
    }

    /// <summary>Four orders of one store: in stock (reserved), backorder, on hold, cancelled.</summary>
    private async Task<(int Store, Dictionary<string, int> Ids)> SeedAsync()
    {
        var store = await Database.InsertAsync(new Store("Main", "MAIN", new Warehouse("Main", "MAIN")));
        Product tee = new(new ProductDetails("TEE-1", "T-shirt", null, null, 0.2m, 10m, true), DateTime.UtcNow),
            mug = new(new ProductDetails("MUG-1", "Mug", null, null, 0.3m, 8m, true), DateTime.UtcNow);
        await Database.InsertAsync(tee, mug);
        var stock = new StockLevel(tee.Id, store.DefaultWarehouseId);
        stock.Count(5, Change with { Reason = StockMovementReason.Count });
        await Database.InsertAsync(stock);

        var stocked = Order(store.Id, "STOCKED-1", tee.Id, "TEE-1");
        var backorder = Order(store.Id, "BACKORDER-1", mug.Id, "MUG-1");
        var held = Order(store.Id, "HELD-1", mug.Id, "MUG-1");
        var cancelled = Order(store.Id, "CANCELLED-1", mug.Id, "MUG-1");
        await Database.InsertAsync(stocked, backorder, held, cancelled);
        await Database.QueryAsync(async db =>
        {
            var level = await db.StockLevels.SingleAsync(s => s.ProductId == tee.Id);
            var orders = await db.Orders.Include(o => o.Lines).ToDictionaryAsync(o => o.ExternalNumber);
            db.StockMovements.AddRange(orders["STOCKED-1"].Allocate(_ => level, Change));
            orders["HELD-1"].Hold(new OrderActor("tester", DateTime.UtcNow));
            orders["CANCELLED-1"].Cancel(_ => throw new InvalidOperationException("nothing reserved"), Change);
            return await db.SaveChangesAsync();
        });
        var ids = await Database.QueryAsync(db => db.Orders.ToDictionaryAsync(o => o.ExternalNumber, o => o.Id));
        return (store.Id, ids);
    }

    private static Order Order(int storeId, string number, int productId, string sku) =>
        new(new OrderDraft(storeId, null, number, "REF" + number, new OrderCustomer("Customer " + number, "c@example.com", null),
            new ShippingAddress("C", null, "1 rue de la Paix", null, "75002", "Paris", null, "FR", null), null, null, "Cheque", "EUR",
            new OrderTotals(10, 0, 0, 10), DateTime.UtcNow, [new OrderLineDraft(productId, sku, sku, 1, 10m)]), DateTime.UtcNow);
}
