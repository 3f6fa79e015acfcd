using System.Globalization;
using System.Security.Claims;
using Bunit;
using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Shipping;
using Connect.Infrastructure.Sync;
using Connect.Testing;
using Connect.Web.Components.Shipping;
using Connect.Web.Tests.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Shipping;

/// <summary>The shipping confirmations page and the pick list: what they show, for whom.</summary>
public abstract class ShippingPagesTests : ComponentTest
{
    private static readonly DateTime Now = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    protected ShippingPagesTests(DatabaseFixture database) : base(database)
    {
        Services.AddSingleton<ShippingService>();
        Services.AddSingleton<ShippingConfirmationQueue>();
    }

    [Fact]
    public async Task The_confirmations_page_lists_waiting_and_failed_confirmations_of_the_users_stores_with_the_reason()
    {
        var (paris, parisOrder) = await ShippedOrderAsync("PARIS", "P-100");
        await ShippedOrderAsync("LYON", "L-200");
        await using (var db = Database.CreateContext())
        {
            var failed = await db.PendingShippingConfirmations.SingleAsync(c => c.OrderId == parisOrder);
            failed.Failed("Order P-100 no longer exists in the shop (deleted in the back office?).");
            await db.SaveChangesAsync();
        }
        Authorization.SetAuthorized("paris-op").SetRoles(Roles.Operator).SetClaims(new Claim(ConnectClaims.Store, paris.ToString(CultureInfo.InvariantCulture)));

        var page = Render<ShippingConfirmations>();

        page.WaitForAssertion(() => page.Find("#confirmations").TextContent.ShouldContain("P-100"));
        page.Find("#confirmations").TextContent.ShouldNotContain("L-200");
        page.Find(".confirmation-state").TextContent.ShouldContain("Failed: Order P-100 no longer exists in the shop");
    }

    [Fact]
    public async Task A_confirmation_of_an_integration_that_is_not_live_says_how_to_send_it()
    {
        await ShippedOrderAsync("MAIN", "M-1", live: false);
        Authorization.SetAuthorized("admin").SetRoles(Roles.Admin);

        var page = Render<ShippingConfirmations>();

        page.WaitForAssertion(() => page.Find(".confirmation-state").TextContent.ShouldContain("not Live. Turn Live on"));
    }

    [Fact]
    public async Task The_pick_list_shows_what_is_left_to_ship_of_the_selected_orders_by_warehouse()
    {
        var (_, first) = await OrderAsync("MAIN", "M-1", ship: false);
        var (_, shipped) = await OrderAsync("MAIN", "M-2", ship: true);
        Authorization.SetAuthorized("admin").SetRoles(Roles.Admin);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo($"/orders/picklist?ids={first},{shipped}");

        var page = Render<PickList>();

        page.WaitForAssertion(() => page.FindAll(".picklist-line").Count.ShouldBe(1));
        var line = page.Find(".picklist-line").TextContent;
        line.ShouldContain("M-1");
        line.ShouldContain("SKU-M-1");
        page.Markup.ShouldContain("Warehouse MAIN warehouse");
    }

    private Task<(int StoreId, int OrderId)> ShippedOrderAsync(string code, string number, bool live = true) => OrderAsync(code, number, ship: true, live);

    private async Task<(int StoreId, int OrderId)> OrderAsync(string code, string number, bool ship, bool live = true)
    {
        await using var db = Database.CreateContext();
        var store = await db.Stores.SingleOrDefaultAsync(s => s.Code == code);
        if (store is null)
        {
            store = db.Stores.Add(new Store(code, code, new Warehouse(code + " warehouse", code))).Entity;
            await db.SaveChangesAsync();
        }
        var integration = new Integration($"{code} shop {number}", "PrestaShop", "https://shop.example", store.Id, Now);
        if (live) integration.GoLive();
        db.Integrations.Add(integration);
        var product = db.Products.Add(new Product(new ProductDetails($"SKU-{number}", $"Product {number}", null, null, 0.5m, 10m, true), Now)).Entity;
        await db.SaveChangesAsync();
        var level = db.StockLevels.Add(new StockLevel(product.Id, store.DefaultWarehouseId)).Entity;
        db.StockMovements.Add(level.Count(5, new StockChange(StockMovementReason.Count, "tester", Now)));
        var order = db.Orders.Add(new Order(new OrderDraft(store.Id, integration.Id, number, null, new OrderCustomer("Ada", null, null),
            new ShippingAddress("Ada", null, null, null, null, "Paris", null, "FR", null), null, null, null, "EUR",
            new OrderTotals(10m, 0m, 0m, 10m), Now, [new OrderLineDraft(product.Id, product.Sku, product.Name, 2, 10m)]), Now)).Entity;
        await db.SaveChangesAsync();
        db.StockMovements.AddRange(order.Allocate(_ => level, new StockChange(StockMovementReason.Reservation, "tester", Now)));
        await db.SaveChangesAsync();
        if (ship)
        {
            var admin = TestUsers.Admin();
            var result = await Services.GetRequiredService<ShippingService>().ShipBatchAsync(admin, [new BatchShipItem(order.Id, "T1")]);
            result.Single().Error.ShouldBeNull();
        }
        return (store.Id, order.Id);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteShippingPagesTests(SqliteDatabaseFixture database) : ShippingPagesTests(database);
