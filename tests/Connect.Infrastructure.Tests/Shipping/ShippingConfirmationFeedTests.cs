using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Connect.Infrastructure.Sync;
using Connect.Infrastructure.Tests.Catalog;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Shipping;

/// <summary>
/// The shipping confirmation feed against the simulated shop (its recorded orders 1 to 5) and a real database: what the shop
/// ends up with, and that nothing is ever posted twice, whatever fails on the way.
/// </summary>
public abstract class ShippingConfirmationFeedTests(DatabaseFixture database) : DatabaseTest(database)
{
    private const int ShopOrder = 2;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_shipment_puts_the_tracking_number_on_the_carrier_row_then_applies_the_full_shipment_status()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2));
        await kit.ShipAsync(order, "6A12345678901");

        var run = await kit.ConfirmAsync();

        kit.Tracking(ShopOrder).ShouldBe("6A12345678901");
        kit.CurrentState(ShopOrder).ShouldBe(ShippingTestKit.ShippedState);
        kit.History(ShopOrder).Count(s => s == ShippingTestKit.ShippedState).ShouldBe(1);
        var writes = kit.Shop.Writes.All.Select(w => $"{w.Method} {w.Path}").ToList();
        writes.ShouldBe(["PUT /api/order_carriers/2", "POST /api/order_histories"]);
        var confirmation = (await kit.ConfirmationsAsync()).Single();
        confirmation.ConfirmedAt.ShouldNotBeNull();
        (confirmation.TrackingSentAt, confirmation.StatusSentAt).ShouldNotBe((null, null));
        run.Log.ShouldBeEmpty();
    }

    [Fact]
    public async Task Running_again_writes_nothing()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database, sendEmail: true);
        await kit.ShipAsync(await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2)), "6A1");
        await kit.ConfirmAsync();
        var writes = kit.Shop.Writes.Count;

        await kit.ConfirmAsync();

        kit.Shop.Writes.Count.ShouldBe(writes);
        kit.Mails(ShopOrder).ShouldBe(["in_transit", "order_state_4"]);
    }

    [Fact]
    public async Task A_partial_shipment_applies_only_the_partial_status_and_the_rest_later_sends_every_tracking_number_and_the_full_status()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database, partialStatus: "3");
        var order = await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2), ("CAP", 1));
        await kit.ShipAsync(order, "FIRST-1", 1, 1);

        await kit.ConfirmAsync();

        kit.CurrentState(ShopOrder).ShouldBe(ShippingTestKit.ProcessingState);
        kit.Tracking(ShopOrder).ShouldBe("");
        kit.Shop.Writes.For("PUT", "order_carriers").ShouldBeEmpty();

        await kit.ShipAsync(order, "SECOND-2", 1, 0);
        await kit.ConfirmAsync();

        kit.Tracking(ShopOrder).ShouldBe("FIRST-1 SECOND-2");
        kit.History(ShopOrder).TakeLast(2).ShouldBe([ShippingTestKit.ProcessingState, ShippingTestKit.ShippedState]);
        (await kit.ConfirmationsAsync()).ShouldAllBe(c => c.ConfirmedAt != null);
    }

    [Fact]
    public async Task A_partial_shipment_confirmed_after_the_full_one_shipped_never_moves_the_order_back()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database, partialStatus: "3");
        var order = await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2));
        await kit.ShipAsync(order, "FIRST-1", 1);
        await kit.ShipAsync(order, "SECOND-2", 1);

        await kit.ConfirmAsync();

        kit.History(ShopOrder).ShouldNotContain(ShippingTestKit.ProcessingState);
        kit.CurrentState(ShopOrder).ShouldBe(ShippingTestKit.ShippedState);
        kit.Tracking(ShopOrder).ShouldBe("FIRST-1 SECOND-2");
    }

    [Fact]
    public async Task With_no_status_configured_the_status_is_left_alone_and_the_tracking_number_still_goes()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database, fullStatus: null);
        var before = kit.History(ShopOrder);
        await kit.ShipAsync(await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2)), "6A1");

        await kit.ConfirmAsync();

        kit.Tracking(ShopOrder).ShouldBe("6A1");
        kit.History(ShopOrder).ShouldBe(before);
        kit.Shop.Writes.For("POST", "order_histories").ShouldBeEmpty();
        (await kit.ConfirmationsAsync()).Single().ConfirmedAt.ShouldNotBeNull();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_customer_gets_the_shop_e_mails_only_when_the_setting_is_on(bool sendEmail)
    {
        await using var kit = await ShippingTestKit.StartAsync(Database, sendEmail: sendEmail);
        await kit.ShipAsync(await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2)), "6A1");

        await kit.ConfirmAsync();

        kit.Mails(ShopOrder).ShouldBe(sendEmail ? ["in_transit", "order_state_4"] : []);
        kit.Shop.Writes.All.ShouldAllBe(w => w.Query.Contains("sendemail=1") == sendEmail);
    }

    [Theory]
    [InlineData("1.5", false)]
    [InlineData("1.6", false)]
    [InlineData("1.7", true)]
    [InlineData("8", true)]
    [InlineData("9", true)]
    public async Task Every_version_gets_the_tracking_number_and_status_and_the_in_transit_mail_only_from_1_7(string version, bool inTransitMail)
    {
        await using var kit = await ShippingTestKit.StartAsync(Database, version, sendEmail: true);
        await kit.ShipAsync(await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2)), "6A1");

        await kit.ConfirmAsync();
        await kit.ConfirmAsync();

        kit.Tracking(ShopOrder).ShouldBe("6A1");
        kit.History(ShopOrder).Count(s => s == ShippingTestKit.ShippedState).ShouldBe(1);
        kit.Mails(ShopOrder).ShouldBe(inTransitMail ? ["in_transit", "order_state_4"] : ["order_state_4"]);
        (await kit.ConfirmationsAsync()).Single().ConfirmedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_tracking_number_the_shop_refuses_fails_with_the_fix_and_the_number_entered_in_the_shop_is_kept()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2));
        await kit.ShipAsync(order, "6A1");
        // Numbers saved before the up-front check existed, or typed into the database by hand, still reach the feed.
        await Database.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE Shipments SET TrackingNumber = 'BAD<NUMBER>'"));

        var run = await kit.ConfirmAsync();
        await kit.ConfirmAsync();

        var confirmation = (await kit.ConfirmationsAsync()).Single();
        confirmation.ConfirmedAt.ShouldBeNull();
        confirmation.Attempts.ShouldBe(2);
        confirmation.LastError!.ShouldContain("characters PrestaShop refuses");
        run.Log.Single().Level.ShouldBe(FeedLogLevel.Error);
        kit.Shop.Writes.Count.ShouldBe(0);

        // The fix the message gives: the merchant enters the number in the back office; the next run keeps it.
        lock (kit.Shop.State.Sync) kit.Shop.State.Table("order_carriers").Find(2)!["tracking_number"] = "BAD-NUMBER";
        await kit.ConfirmAsync();

        kit.Tracking(ShopOrder).ShouldBe("BAD-NUMBER");
        kit.CurrentState(ShopOrder).ShouldBe(ShippingTestKit.ShippedState);
        (await kit.ConfirmationsAsync()).Single().ConfirmedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_deleted_shop_order_or_a_missing_status_fails_with_the_fix_and_succeeds_once_fixed()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database, fullStatus: "99");
        await kit.ShipAsync(await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2)), "6A1");
        await kit.ShipAsync(await kit.ImportedOrderAsync(4, 10, ("CAP", 1)), "6A2");
        lock (kit.Shop.State.Sync) kit.Shop.State.Table("orders").Remove(4);

        await kit.ConfirmAsync();

        var failed = await kit.ConfirmationsAsync();
        failed[0].LastError!.ShouldContain("does not exist in the shop. Choose an existing status");
        failed[1].LastError!.ShouldContain("no longer exists in the shop");
        kit.Tracking(ShopOrder).ShouldBe("6A1"); // the tracking step is done and is not repeated

        await using (var db = Database.CreateContext())
        {
            var integration = await db.Integrations.SingleAsync(Ct);
            integration.ChangeSettings(integration.Settings with { FullShipmentStatusId = "4" });
            await db.SaveChangesAsync(Ct);
        }
        await kit.ConfirmAsync();

        kit.Shop.Writes.For("PUT", "order_carriers").Count.ShouldBe(1);
        kit.CurrentState(ShopOrder).ShouldBe(ShippingTestKit.ShippedState);
        (await kit.ConfirmationsAsync())[0].ConfirmedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_500_after_the_status_was_written_is_believed_from_the_history_and_nothing_is_posted_again()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database, sendEmail: true);
        await kit.ShipAsync(await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2)), "6A1");
        kit.Shop.Faults.OnlyMethod = "POST";
        kit.Shop.Faults.PhpWarningsAfterWrite = true;

        await kit.ConfirmAsync();
        kit.Shop.Faults.Reset();
        await kit.ConfirmAsync();

        kit.Shop.Writes.For("POST", "order_histories").Count.ShouldBe(1);
        kit.Shop.Writes.For("POST", "order_histories")[0].Status.ShouldBe(500);
        kit.Mails(ShopOrder).Count(m => m == "order_state_4").ShouldBe(1);
        (await kit.ConfirmationsAsync()).Single().ConfirmedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_500_after_the_tracking_write_is_checked_by_reading_the_row_back()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        await kit.ShipAsync(await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2)), "6A1");
        kit.Shop.Faults.OnlyMethod = "PUT";
        kit.Shop.Faults.PhpWarningsAfterWrite = true;

        await kit.ConfirmAsync();

        kit.Tracking(ShopOrder).ShouldBe("6A1");
        kit.CurrentState(ShopOrder).ShouldBe(ShippingTestKit.ShippedState);
        (await kit.ConfirmationsAsync()).Single().ConfirmedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_status_write_that_failed_before_reaching_the_shop_is_retried_on_the_next_run()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        await kit.ShipAsync(await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2)), "6A1");
        kit.Shop.Faults.OnlyResource = "order_histories";
        kit.Shop.Faults.OnlyMethod = "POST";
        kit.Shop.Faults.FailNext(1, 503);

        await kit.ConfirmAsync();
        var afterFailure = (await kit.ConfirmationsAsync()).Single();
        afterFailure.LastError.ShouldNotBeNull();
        afterFailure.TrackingSentAt.ShouldNotBeNull();
        await kit.ConfirmAsync();

        kit.History(ShopOrder).Count(s => s == ShippingTestKit.ShippedState).ShouldBe(1);
        kit.Shop.Writes.For("PUT", "order_carriers").Count.ShouldBe(1);
        (await kit.ConfirmationsAsync()).Single().ConfirmedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_crash_between_tracking_and_status_resumes_with_the_status_only_once_the_claim_expires()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database, sendEmail: true);
        await kit.ShipAsync(await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2)), "6A1");
        kit.Shop.Faults.OnlyResource = "order_histories";
        kit.Shop.Faults.OnlyMethod = "POST";
        kit.Shop.Faults.Hang = true;

        using var crash = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = kit.ConfirmAsync(crash.Token);
        await WaitUntilAsync(async () => (await kit.ConfirmationsAsync()).Single().TrackingSentAt is not null);
        await crash.CancelAsync();
        await Should.ThrowAsync<Exception>(() => running);
        kit.Shop.Faults.Reset();

        await kit.ConfirmAsync(); // the crashed run's claim still holds the row
        kit.Shop.Writes.For("POST", "order_histories").ShouldBeEmpty();

        kit.Clock.Advance(ShippingConfirmationQueue.ClaimDuration + TimeSpan.FromSeconds(1));
        await kit.ConfirmAsync();

        kit.Shop.Writes.For("PUT", "order_carriers").Count.ShouldBe(1);
        kit.History(ShopOrder).Count(s => s == ShippingTestKit.ShippedState).ShouldBe(1);
        kit.Mails(ShopOrder).ShouldBe(["in_transit", "order_state_4"]);
        (await kit.ConfirmationsAsync()).Single().ConfirmedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_status_written_before_a_crash_is_found_in_the_history_even_after_the_order_moved_on_to_delivered()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database, sendEmail: true);
        await kit.ShipAsync(await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2)), "6A1");
        // The first run wrote the status, then died before recording it: simulated by undoing the recorded step.
        await kit.ConfirmAsync();
        await Database.QueryAsync(db => db.PendingShippingConfirmations.ExecuteUpdateAsync(s => s
            .SetProperty(c => c.StatusSentAt, (DateTime?)null).SetProperty(c => c.ConfirmedAt, (DateTime?)null), Ct));
        await kit.SetStateInBackOfficeAsync(ShopOrder, ShippingTestKit.DeliveredState);

        await kit.ConfirmAsync();

        kit.CurrentState(ShopOrder).ShouldBe(ShippingTestKit.DeliveredState);
        kit.History(ShopOrder).Count(s => s == ShippingTestKit.ShippedState).ShouldBe(1);
        kit.Mails(ShopOrder).Count(m => m == "order_state_4").ShouldBe(1);
        (await kit.ConfirmationsAsync()).Single().ConfirmedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task An_order_delivered_in_the_shop_before_the_first_confirmation_is_never_set_back_to_shipped()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        await kit.ShipAsync(await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2)), "6A1");
        await kit.SetStateInBackOfficeAsync(ShopOrder, ShippingTestKit.DeliveredState);

        var run = await kit.ConfirmAsync();

        kit.CurrentState(ShopOrder).ShouldBe(ShippingTestKit.DeliveredState);
        kit.History(ShopOrder).ShouldNotContain(ShippingTestKit.ShippedState);
        kit.Tracking(ShopOrder).ShouldBe("6A1");
        run.Log.Single().Message.ShouldContain("already 'Delivered'");
        (await kit.ConfirmationsAsync()).Single().ConfirmedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Two_instances_running_at_once_post_each_status_once()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database, sendEmail: true);
        foreach (var (shopOrder, sku) in new[] { (2, "MUG"), (4, "CAP"), (5, "TEE") })
            await kit.ShipAsync(await kit.ImportedOrderAsync(shopOrder, 10, (sku, 1)), $"TRACK-{shopOrder}");
        kit.Shop.Faults.Latency = TimeSpan.FromMilliseconds(30);

        var runs = await Task.WhenAll(kit.ConfirmAsync(), kit.ConfirmAsync(), kit.ConfirmAsync());

        runs.Sum(r => r.Reports.LastOrDefault()?.Updated ?? 0).ShouldBe(3);
        foreach (var shopOrder in new[] { 2, 4, 5 })
        {
            kit.History(shopOrder).Count(s => s == ShippingTestKit.ShippedState).ShouldBe(1);
            kit.Mails(shopOrder).ShouldBe(["in_transit", "order_state_4"]);
        }
        kit.Shop.Writes.For("POST", "order_histories").Count.ShouldBe(3);
        (await kit.ConfirmationsAsync()).ShouldAllBe(c => c.ConfirmedAt != null);
    }

    [Fact]
    public async Task A_run_stopped_by_a_refused_key_hands_its_confirmations_back_for_the_next_run()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        await kit.ShipAsync(await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2)), "6A1");
        kit.Shop.Faults.BadKey = true;

        var refused = await Should.ThrowAsync<Connect.Infrastructure.Integrations.PrestaShop.Api.PrestaShopException>(() => kit.ConfirmAsync());
        refused.IsFatal.ShouldBeTrue();
        (await kit.ConfirmationsAsync()).Single().ClaimToken.ShouldBeNull();

        kit.Shop.Faults.Reset();
        await kit.ConfirmAsync();

        (await kit.ConfirmationsAsync()).Single().ConfirmedAt.ShouldNotBeNull();
    }

    [Fact]
    public void Tracking_numbers_are_joined_within_64_characters_and_the_rest_returned()
    {
        var numbers = new[] { new string('A', 30), new string('B', 30), new string('C', 10), "D1" };

        var (joined, left) = ShippingConfirmationFeed.JoinTracking(numbers);

        joined.ShouldBe($"{numbers[0]} {numbers[1]} D1");
        joined.Length.ShouldBeLessThanOrEqualTo(64);
        left.ShouldBe([numbers[2]]);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
            await Task.Delay(50, Ct);
        (await condition()).ShouldBeTrue();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteShippingConfirmationFeedTests(SqliteDatabaseFixture database) : ShippingConfirmationFeedTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerShippingConfirmationFeedTests(SqlServerDatabaseFixture database) : ShippingConfirmationFeedTests(database);
