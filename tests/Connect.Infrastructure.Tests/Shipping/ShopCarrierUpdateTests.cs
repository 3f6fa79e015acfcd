using Connect.Domain.Integrations;
using Connect.Infrastructure.Integrations;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Shipping;

/// <summary>
/// The optional carrier update of shipping confirmations on the simulated shop: its recorded order 2 ships with carrier 2;
/// the shipment goes with the order's Connect method ("Colissimo").
/// </summary>
public abstract class ShopCarrierUpdateTests(DatabaseFixture database) : DatabaseTest(database)
{
    private const int ShopOrder = 2;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_mapped_method_sets_the_orders_carrier_and_its_carrier_row_before_the_tracking_number_and_a_rerun_writes_nothing()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2));
        await SaveAsync(kit, true, new ShopCarrierRuleInput(order.ShippingMethodId, "3", "Carrier three"), new ShopCarrierRuleInput(null, "4", "Carrier four"));
        await kit.ShipAsync(order, "6A1");

        var run = await kit.ConfirmAsync();

        kit.Shop.Writes.All.Select(w => $"{w.Method} {w.Path}").ShouldBe(
            ["PUT /api/order_carriers/2", "PUT /api/orders/2", "PUT /api/order_carriers/2", "POST /api/order_histories"]);
        CarrierOf(kit).ShouldBe(("3", "3"));
        kit.Tracking(ShopOrder).ShouldBe("6A1");
        kit.CurrentState(ShopOrder).ShouldBe(ShippingTestKit.ShippedState);
        (await kit.ConfirmationsAsync()).Single().CarrierSentAt.ShouldNotBeNull();
        run.Log.ShouldContain(l => l.Message.Contains("carrier set to 'Carrier three'"));

        var writes = kit.Shop.Writes.Count;
        await kit.ConfirmAsync();
        kit.Shop.Writes.Count.ShouldBe(writes);
    }

    [Fact]
    public async Task A_method_without_a_row_of_its_own_takes_the_wildcard_carrier()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2));
        await SaveAsync(kit, true, new ShopCarrierRuleInput(null, "4", "Carrier four"));
        await kit.ShipAsync(order, "6A1");

        await kit.ConfirmAsync();

        CarrierOf(kit).ShouldBe(("4", "4"));
    }

    [Fact]
    public async Task When_off_the_shops_carrier_is_never_touched_even_with_rows_saved()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(ShopOrder, 10, ("MUG", 2));
        await SaveAsync(kit, false, new ShopCarrierRuleInput(null, "4", "Carrier four"));
        await kit.ShipAsync(order, "6A1");

        await kit.ConfirmAsync();

        kit.Shop.Writes.All.Select(w => $"{w.Method} {w.Path}").ShouldBe(["PUT /api/order_carriers/2", "POST /api/order_histories"]);
        CarrierOf(kit).ShouldBe(("2", "2"));
        (await Database.QueryAsync(db => db.Integrations.SingleAsync(i => i.Id == kit.IntegrationId))).Settings.UpdateShopCarrier.ShouldBeFalse();
    }

    [Fact]
    public async Task Saving_the_grid_is_refused_to_operators_and_checks_its_rows()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var protector = new Connect.Infrastructure.Security.ApiKeyProtector(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        var setup = new IntegrationSetup(Database.Contexts, protector, new IntegrationPlatforms([], Database.Contexts, protector), TimeProvider.System);

        (await setup.SaveCarrierUpdateAsync(kit.IntegrationId, true, [new(null, "4", "Four")], ShippingTestKit.Operator(), Ct)).Error.ShouldNotBeNull();
        (await setup.SaveCarrierUpdateAsync(kit.IntegrationId, true, [], TestUsers.Admin(), Ct)).Error!.ShouldContain("Add at least one row");
        (await setup.SaveCarrierUpdateAsync(kit.IntegrationId, true, [new(null, "4", "Four"), new(null, "3", "Three")], TestUsers.Admin(), Ct)).Error!
            .ShouldContain("two 'any other method' rows");
        (await Database.QueryAsync(db => db.ShopCarrierRules.CountAsync())).ShouldBe(0);
    }

    private (string Order, string Row) CarrierOf(ShippingTestKit kit)
    {
        lock (kit.Shop.State.Sync)
            return (kit.Shop.State.Table("orders").Find(ShopOrder)!["id_carrier"],
                kit.Shop.State.Table("order_carriers").Rows.Last(r => r.Int("id_order") == ShopOrder)["id_carrier"]);
    }

    private static async Task SaveAsync(ShippingTestKit kit, bool enabled, params ShopCarrierRuleInput[] rows) =>
        await kit.Database.QueryAsync(async db =>
        {
            var integration = await db.Integrations.SingleAsync(i => i.Id == kit.IntegrationId);
            integration.ChangeSettings(integration.Settings with { UpdateShopCarrier = enabled });
            foreach (var row in rows) db.ShopCarrierRules.Add(new ShopCarrierRule(kit.IntegrationId, row.ShippingMethodId, row.CarrierReference!, row.CarrierName));
            return await db.SaveChangesAsync();
        });
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteShopCarrierUpdateTests(SqliteDatabaseFixture database) : ShopCarrierUpdateTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerShopCarrierUpdateTests(SqlServerDatabaseFixture database) : ShopCarrierUpdateTests(database);
