using Bunit;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Infrastructure.Identity;
using Connect.Testing;
using Connect.Web.Components.Orders;
using System.Security.Claims;

namespace Connect.Web.Tests.Components;

[Collection(SqliteCollection.Name)]
public sealed class OrderListTests(SqliteDatabaseFixture database) : ComponentTest(database)
{
    [Fact]
    public async Task An_operator_limited_to_a_store_sees_only_that_stores_orders()
    {
        var warehouse = new Warehouse("Main", "MAIN");
        Store main = new("Main", "MAIN", warehouse), paris = new("Paris", "PARIS", warehouse);
        await Database.InsertAsync(main, paris);
        await Database.InsertAsync(Order(main.Id, "MAIN-ORDER-1"), Order(paris.Id, "PARIS-ORDER-1"));
        Authorization.SetAuthorized("paris-op").SetRoles(Roles.Operator).SetClaims(new Claim(ConnectClaims.Store, paris.Id.ToString()));

        var page = Render<OrderList>();

        page.WaitForAssertion(() => page.Find("#orders").TextContent.ShouldContain("PARIS-ORDER-1"));
        page.Find("#orders").TextContent.ShouldNotContain("MAIN-ORDER-1");
    }

    [Fact]
    public async Task An_admin_sees_every_store_and_can_filter_by_status()
    {
        var main = await Database.InsertAsync(new Store("Main", "MAIN", new Warehouse("Main", "MAIN")));
        var cancelled = Order(main.Id, "ORDER-CANCELLED");
        cancelled.Cancel(_ => throw new InvalidOperationException(), new Connect.Domain.Inventory.StockChange(Connect.Domain.Inventory.StockMovementReason.ReservationReleased, "t", DateTime.UtcNow));
        await Database.InsertAsync(Order(main.Id, "ORDER-VALID"), cancelled);
        Authorization.SetAuthorized("admin").SetRoles(Roles.Admin);

        var page = Render<OrderList>();

        page.WaitForAssertion(() => page.Find("#orders").TextContent.ShouldContain("ORDER-CANCELLED"));
        page.Find("#orders").TextContent.ShouldContain("ORDER-VALID");
    }

    private static Order Order(int storeId, string number) =>
        new(new OrderDraft(storeId, null, number, null, new OrderCustomer("Customer " + number, null, null),
            new ShippingAddress("C", null, null, null, null, "Paris", null, "FR", null), null, null, null, "EUR",
            new OrderTotals(1, 0, 0, 1), DateTime.UtcNow, [new OrderLineDraft(null, "SKU", "Item", 1, 1m)]), DateTime.UtcNow);
}
