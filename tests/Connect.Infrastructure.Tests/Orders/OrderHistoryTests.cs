using Connect.Domain.Orders;
using Connect.Infrastructure.Orders;
using Connect.Infrastructure.Tests.Catalog;
using Connect.Infrastructure.Tests.Shipping;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using static Connect.Domain.Integrations.OrderImportAction;

namespace Connect.Infrastructure.Tests.Orders;

/// <summary>
/// The order's history in Connect, written where the order changes: the import feeds, hold and release, shipping, the
/// shipping confirmation and Update orders; each event says when, by whom (a user, or a feed and its run) and what.
/// </summary>
public abstract class OrderHistoryTests(DatabaseFixture database) : DatabaseTest(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_new_orders_records_the_rule_action_the_shop_state_and_its_run_and_Update_orders_records_the_cancellation()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, new Dictionary<string, (Connect.Domain.Integrations.OrderImportAction, bool)> { ["1"] = (ImportAsValid, false), ["10"] = (ImportAndHold, false) });
        await kit.Catalog.RunAsync(kit.Client, kit.Run(), Ct);
        await kit.SetOnHandAsync("10-25", 1);
        var states = await kit.Client.GetOrderStatesAsync(Ct);
        var awaitingWire = states.Single(s => s.Id == 10).Name;

        await kit.ImportNew.RunAsync(kit.Client, new RecordingFeedRun(kit.IntegrationId) { RunId = 31 }, Ct);

        var held = (await kit.OrderAsync(5))!;
        var history = await HistoryAsync(held.Id);
        history.Select(e => e.Kind).ShouldBe([OrderEventKind.Imported, OrderEventKind.Held]);
        history.ShouldAllBe(e => e.By == "Import new orders" && e.FeedRunId == 31 && e.At.Kind == DateTimeKind.Utc);
        history[0].Note.ShouldBe($"Import and hold (shop state '{awaitingWire}')");

        await kit.ChangeRuleAsync("6", ImportAndCancel, false);
        kit.SetShopState(5, 6, DateTime.Now.AddMinutes(5));
        await kit.Update.RunAsync(kit.Client, new RecordingFeedRun(kit.IntegrationId) { RunId = 32 }, Ct);

        var cancelled = (await HistoryAsync(held.Id)).Last();
        (cancelled.Kind, cancelled.By, cancelled.FeedRunId).ShouldBe((OrderEventKind.Cancelled, "Update orders", 32L));
        cancelled.Note.ShouldNotBeNull().ShouldContain("1 reserved unit(s) released");
    }

    [Fact]
    public async Task Hold_release_shipping_and_the_shipping_confirmation_each_add_an_event_naming_who_did_it()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(2, 10, ("MUG", 2));
        var actions = new OrderActions(Database.Contexts, kit.Clock);
        await actions.HoldAsync(TestUsers.Operator("olivia"), order.Id, Ct);
        await actions.ReleaseAsync(TestUsers.Operator("olivia"), order.Id, Ct);
        await kit.ShipAsync(order, "6A123");
        using var client = kit.NewClient();

        await kit.Feed().RunAsync(client, new RecordingFeedRun(kit.IntegrationId) { RunId = 77 }, Ct);

        var history = await HistoryAsync(order.Id);
        history.Select(e => (e.Kind, e.By)).ShouldBe([
            (OrderEventKind.Held, "olivia"), (OrderEventKind.Released, "olivia"), (OrderEventKind.Shipped, "op"),
            (OrderEventKind.ShippingConfirmationSent, "Shipping confirmation")]);
        history[2].Note.ShouldBe("2 unit(s), tracking 6A123");
        history[3].FeedRunId.ShouldBe(77);
        history[3].Note.ShouldNotBeNull().ShouldContain("tracking 6A123");
        history.Take(3).ShouldAllBe(e => e.FeedRunId == null);
    }

    [Fact]
    public async Task A_refused_hold_adds_no_event()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(2, 10, ("MUG", 2));
        await kit.ShipAsync(order, null);

        await Should.ThrowAsync<Connect.Domain.DomainException>(() => new OrderActions(Database.Contexts, kit.Clock).HoldAsync(TestUsers.Operator("olivia"), order.Id, Ct));

        (await HistoryAsync(order.Id)).Select(e => e.Kind).ShouldBe([OrderEventKind.Shipped]);
    }

    private Task<List<OrderEvent>> HistoryAsync(int orderId) =>
        Database.QueryAsync(db => db.OrderEvents.AsNoTracking().Where(e => e.OrderId == orderId).OrderBy(e => e.Id).ToListAsync(Ct));
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteOrderHistoryTests(SqliteDatabaseFixture database) : OrderHistoryTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerOrderHistoryTests(SqlServerDatabaseFixture database) : OrderHistoryTests(database);
