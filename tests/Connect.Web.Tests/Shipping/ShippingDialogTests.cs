using System.Globalization;
using Bunit;
using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Shipping;
using Connect.Testing;
using Connect.Web.Components.Shipping;
using Connect.Web.Tests.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Connect.Web.Tests.Shipping;

/// <summary>The ship dialog and the batch ship dialog, opened with the documented DialogService calls, over the real service and database.</summary>
public abstract class ShippingDialogTests : ComponentTest
{
    private static readonly DateTime Now = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
    private int storeId, warehouseId, integrationId;

    protected ShippingDialogTests(DatabaseFixture database) : base(database)
    {
        Services.AddSingleton<ShippingService>();
        Authorization.SetAuthorized("ada").SetRoles(Roles.Operator).SetClaims(new System.Security.Claims.Claim(ConnectClaims.AllStores, "true"));
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var store = await Database.InsertAsync(new Store("Main", "MAIN", new Warehouse("Main warehouse", "MAIN")));
        var integration = await Database.InsertAsync(new Integration("Shop", "PrestaShop", "https://shop.example", store.Id, Now));
        (storeId, warehouseId, integrationId) = (store.Id, store.DefaultWarehouseId, integration.Id);
    }

    [Fact]
    public async Task The_ship_dialog_refuses_a_bad_tracking_number_then_ships_the_whole_order()
    {
        var order = await OrderAsync("1001", onHand: 10, ("MUG", 2), ("CAP", 1));
        var (dialogs, result) = await OpenAsync<ShipOrderDialog>(new DialogParameters<ShipOrderDialog> { { d => d.OrderId, order.Id } }, ShipOrderDialog.Options);
        dialogs.WaitForAssertion(() => dialogs.FindAll(".ship-line").Count.ShouldBe(2));
        dialogs.Find(".mud-dialog").TextContent.ShouldContain("Main warehouse");

        Tracking(dialogs).Input("BAD<NUMBER>");
        dialogs.WaitForAssertion(() =>
        {
            dialogs.Find("#ship-problem").TextContent.ShouldContain("characters the shop refuses");
            dialogs.Find("#ship-submit").HasAttribute("disabled").ShouldBeTrue();
        });
        Tracking(dialogs).Input("6A123");
        dialogs.WaitForAssertion(() => dialogs.Find("#ship-submit").HasAttribute("disabled").ShouldBeFalse());
        dialogs.Find("#ship-submit").Click();

        var closed = await result.Result.WaitAsync(TimeSpan.FromSeconds(10), Xunit.TestContext.Current.CancellationToken);
        closed!.Canceled.ShouldBeFalse();
        ((ShipResult)closed.Data!).OrderComplete.ShouldBeTrue();
        var saved = await Database.QueryAsync(db => db.Orders.Include(o => o.Shipments).SingleAsync());
        saved.Status.ShouldBe(OrderStatus.Shipped);
        saved.Shipments.Single().TrackingNumber.ShouldBe("6A123");
        (await Database.QueryAsync(db => db.PendingShippingConfirmations.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task The_ship_dialog_ships_the_quantities_entered_and_leaves_the_order_partially_shipped()
    {
        var order = await OrderAsync("1002", onHand: 10, ("MUG", 3));
        var (dialogs, result) = await OpenAsync<ShipOrderDialog>(new DialogParameters<ShipOrderDialog> { { d => d.OrderId, order.Id } }, ShipOrderDialog.Options);
        dialogs.WaitForAssertion(() => dialogs.Find(".ship-quantity input").GetAttribute("value").ShouldBe("3"));

        dialogs.Find(".ship-quantity input").Input("1");
        dialogs.WaitForAssertion(() => dialogs.Find(".ship-quantity input").GetAttribute("value").ShouldBe("1"));
        dialogs.Find("#ship-submit").Click();

        (await result.Result.WaitAsync(TimeSpan.FromSeconds(10), Xunit.TestContext.Current.CancellationToken))!.Canceled.ShouldBeFalse();
        var saved = await Database.QueryAsync(db => db.Orders.Include(o => o.Lines).SingleAsync());
        saved.Status.ShouldBe(OrderStatus.PartiallyShipped);
        saved.Lines.Single().QuantityShipped.ShouldBe(1);
    }

    [Fact]
    public async Task The_ship_dialog_of_an_order_in_another_store_says_so_and_ships_nothing()
    {
        var order = await OrderAsync("1003", onHand: 10, ("MUG", 1));
        Authorization.SetClaims(new System.Security.Claims.Claim(ConnectClaims.Store, (storeId + 1000).ToString(CultureInfo.InvariantCulture)));

        var (dialogs, _) = await OpenAsync<ShipOrderDialog>(new DialogParameters<ShipOrderDialog> { { d => d.OrderId, order.Id } }, ShipOrderDialog.Options);

        dialogs.WaitForAssertion(() => dialogs.Find("#ship-load-error").TextContent.ShouldContain("not in your stores"));
        dialogs.Find("#ship-submit").HasAttribute("disabled").ShouldBeTrue();
    }

    [Fact]
    public async Task The_batch_dialog_fills_pasted_tracking_numbers_by_order_number_and_ships_each_order()
    {
        var first = await OrderAsync("2001", onHand: 10, ("MUG", 1));
        var second = await OrderAsync("2002", onHand: 10, ("CAP", 2));
        var shortOfStock = await OrderAsync("2003", onHand: 0, ("TEE", 1));
        var (dialogs, result) = await OpenAsync<BatchShipDialog>(
            new DialogParameters<BatchShipDialog> { { d => d.OrderIds, new[] { first.Id, second.Id, shortOfStock.Id } } }, BatchShipDialog.Options);
        dialogs.WaitForAssertion(() => dialogs.FindAll(".batch-order").Count.ShouldBe(3));
        dialogs.Find("[data-order='2003'] .batch-result").TextContent.ShouldContain("Not fully in stock");

        dialogs.Find("#batch-paste").Change("2002;CAP-TRACK\n2001\tMUG-TRACK");
        dialogs.Find("#batch-apply-paste").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#batch-submit").TextContent.ShouldContain("Ship 2 orders"));
        dialogs.Find("#batch-submit").Click();

        var closed = await result.Result.WaitAsync(TimeSpan.FromSeconds(10), Xunit.TestContext.Current.CancellationToken);
        ((IReadOnlyList<ShipResult>)closed!.Data!).Count(r => r.Shipped).ShouldBe(2);
        var shipments = await Database.QueryAsync(db => db.Shipments.Join(db.Orders, s => s.OrderId, o => o.Id, (s, o) => new { o.ExternalNumber, s.TrackingNumber }).ToListAsync());
        shipments.OrderBy(s => s.ExternalNumber).Select(s => s.TrackingNumber).ShouldBe(["MUG-TRACK", "CAP-TRACK"]);
        (await Database.QueryAsync(db => db.Orders.SingleAsync(o => o.Id == shortOfStock.Id))).Status.ShouldBe(OrderStatus.Valid);
    }

    [Fact]
    public async Task The_batch_dialog_shows_why_an_order_was_refused_and_keeps_the_others_shipped()
    {
        var first = await OrderAsync("3001", onHand: 10, ("MUG", 1));
        var second = await OrderAsync("3002", onHand: 10, ("CAP", 1));
        var (dialogs, _) = await OpenAsync<BatchShipDialog>(
            new DialogParameters<BatchShipDialog> { { d => d.OrderIds, new[] { first.Id, second.Id } } }, BatchShipDialog.Options);
        dialogs.WaitForAssertion(() => dialogs.FindAll(".batch-tracking input").Count.ShouldBe(2));
        // Someone ships the second order elsewhere while the dialog is open.
        await Services.GetRequiredService<ShippingService>().ShipBatchAsync(
            TestUsers.Admin(),
            [new BatchShipItem(second.Id, null)]);

        dialogs.Find("#batch-submit").Click();

        dialogs.WaitForAssertion(() =>
        {
            dialogs.Find("[data-order='3001'] .batch-result").TextContent.ShouldContain("Shipped");
            dialogs.Find("[data-order='3002'] .batch-result").TextContent.ShouldContain("only valid or partially shipped orders can ship");
        });
    }

    private static AngleSharp.Dom.IElement Tracking(IRenderedComponent<MudDialogProvider> dialogs) => dialogs.Find("#ship-tracking");

    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IDialogReference Reference)> OpenAsync<TDialog>(DialogParameters parameters, DialogOptions options)
        where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var service = Services.GetRequiredService<IDialogService>();
        IDialogReference reference = null!;
        await dialogs.InvokeAsync(async () => reference = await service.ShowAsync<TDialog>("Ship", parameters, options));
        return (dialogs, reference);
    }

    private async Task<Order> OrderAsync(string number, int onHand, params (string Sku, int Quantity)[] lines)
    {
        await using var db = Database.CreateContext();
        var method = await db.ShippingMethods.FirstOrDefaultAsync() ?? db.ShippingMethods.Add(new ShippingMethod("Colissimo")).Entity;
        var levels = new Dictionary<int, StockLevel>();
        var drafts = new List<OrderLineDraft>();
        foreach (var (sku, quantity) in lines)
        {
            var product = db.Products.Add(new Product(new ProductDetails(sku, $"Product {sku}", null, null, 0.5m, 10m, true), Now)).Entity;
            await db.SaveChangesAsync();
            var level = db.StockLevels.Add(new StockLevel(product.Id, warehouseId)).Entity;
            if (onHand > 0) db.StockMovements.Add(level.Count(onHand, new StockChange(StockMovementReason.Count, "tester", Now)));
            levels[product.Id] = level;
            drafts.Add(new OrderLineDraft(product.Id, sku, product.Name, quantity, 10m));
        }
        var order = db.Orders.Add(new Order(new OrderDraft(storeId, integrationId, number, null, new OrderCustomer("Ada", null, null),
            new ShippingAddress("Ada", null, "1 Main St", null, "75001", "Paris", null, "FR", null), method.Id, null, null, "EUR",
            new OrderTotals(10m, 0m, 0m, 10m), Now, drafts), Now)).Entity;
        await db.SaveChangesAsync();
        db.StockMovements.AddRange(order.Allocate(id => levels[id], new StockChange(StockMovementReason.Reservation, "tester", Now)));
        db.ExternalLinks.Add(new ExternalLink(integrationId, ExternalLinkKind.Order, number, order.Id, Now));
        await db.SaveChangesAsync();
        return order;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteShippingDialogTests(SqliteDatabaseFixture database) : ShippingDialogTests(database);
