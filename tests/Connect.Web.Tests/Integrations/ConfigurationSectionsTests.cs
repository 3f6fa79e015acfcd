using Bunit;
using Connect.Domain.Integrations;
using Connect.Testing;
using Connect.Web.Components.Integrations.Configuration;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using static Connect.Web.Tests.Integrations.Rows;

namespace Connect.Web.Tests.Integrations;

[Collection(SqliteCollection.Name)]
public sealed class OrderImportSectionTests(SqliteDatabaseFixture database) : IntegrationTestContext(database)
{
    private IRenderedComponent<OrderImportSection> Render() => Render<OrderImportSection>(p => p.Add(s => s.IntegrationId, IntegrationId));

    [Fact]
    public async Task Grid_shows_every_shop_state_with_proposed_defaults_unsaved_and_vanished_states_marked()
    {
        await Database.InsertAsync(new OrderStatusRule(IntegrationId, "99", "Old custom state", OrderImportAction.ImportAsValid, false));

        var cut = Render();

        cut.WaitForAssertion(() => cut.FindAll("tr.status-row").Count.ShouldBe(14));
        cut.Find("tr.status-row[data-state='99']").TextContent.ShouldContain("No longer in the shop");
        cut.Find("tr.status-row[data-state='2']").TextContent.ShouldContain("New: proposed, not saved");
        cut.Find("tr.status-row[data-state='2']").TextContent.ShouldContain("Import as valid");
        cut.Find("tr.status-row[data-state='6']").TextContent.ShouldContain("Do not import");
    }

    [Fact]
    public async Task Saving_stores_store_first_order_id_and_one_rule_per_state()
    {
        var cut = Render();
        cut.WaitForAssertion(() => cut.FindAll("tr.status-row").Count.ShouldBe(13));

        cut.Find("#orders-from").Change("1000");
        var awaitingCheck = cut.FindComponents<MudSelect<OrderImportAction>>()[StateIndex(cut, "1")];
        await SelectAsync(awaitingCheck, OrderImportAction.ImportAndHold);
        cut.Find("#orders-save").Click();

        cut.WaitForAssertion(() => cut.Find("#orders-status").TextContent.ShouldBe("Data saved."));
        (await SavedIntegrationAsync()).Settings.ImportOrdersFromId.ShouldBe(1000);
        var rules = await Database.QueryAsync(db => db.OrderStatusRules.Where(r => r.IntegrationId == IntegrationId).ToListAsync());
        rules.Count.ShouldBe(13);
        rules.Single(r => r.ExternalStatusId == "1").Action.ShouldBe(OrderImportAction.ImportAndHold);
        rules.Single(r => r.ExternalStatusId == "1").Retry.ShouldBeTrue();
        rules.Single(r => r.ExternalStatusId == "2").Action.ShouldBe(OrderImportAction.ImportAsValid);
        rules.Single(r => r.ExternalStatusId == "4").Action.ShouldBe(OrderImportAction.ImportAsHistory);
        cut.FindAll(".unsaved").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_grid_that_imports_nothing_is_refused_and_nothing_is_saved()
    {
        var cut = Render();
        cut.WaitForAssertion(() => cut.FindAll("tr.status-row").Count.ShouldBe(13));

        cut.Find("#orders-from").Change("5");
        foreach (var select in cut.FindComponents<MudSelect<OrderImportAction>>())
            await SelectAsync(select, OrderImportAction.DoNotImport);
        cut.Find("#orders-save").Click();

        cut.WaitForAssertion(() => cut.Find("#rules-error").TextContent.ShouldContain("No order status imports anything"));
        (await Database.QueryAsync(db => db.OrderStatusRules.CountAsync())).ShouldBe(0);
        (await SavedIntegrationAsync()).Settings.ImportOrdersFromId.ShouldBeNull();
    }

    private static int StateIndex(IRenderedComponent<OrderImportSection> cut, string stateId) =>
        cut.FindAll("tr.status-row").Select(r => r.GetAttribute("data-state")).ToList().IndexOf(stateId);
}

[Collection(SqliteCollection.Name)]
public sealed class ShippingMappingSectionTests(SqliteDatabaseFixture database) : IntegrationTestContext(database)
{
    private IRenderedComponent<ShippingMappingSection> Render() => Render<ShippingMappingSection>(p => p.Add(s => s.IntegrationId, IntegrationId));

    [Fact]
    public async Task Lists_shop_carriers_unmapped_and_saves_a_mapping_by_reference()
    {
        var cut = Render();
        cut.WaitForAssertion(() => cut.FindAll("tr.carrier-row").Count.ShouldBe(4));
        cut.Find("#unmapped-carriers").TextContent.ShouldContain("My carrier");

        var row = RowIndex(cut, "2");
        await SelectAsync(cut.FindComponents<MudSelect<int?>>()[row], Colissimo.Id);
        cut.Find("#shipping-save").Click();

        cut.WaitForAssertion(() => cut.Find("#shipping-status").TextContent.ShouldBe("Data saved."));
        var saved = await Database.QueryAsync(db => db.CarrierMappings.SingleAsync());
        (saved.IntegrationId, saved.CarrierReference, saved.ShippingMethodId).ShouldBe((IntegrationId, "2", Colissimo.Id));
        cut.Find("#unmapped-carriers").TextContent.ShouldNotContain(saved.CarrierName);
    }

    [Fact]
    public async Task A_deactivated_method_is_refused_and_nothing_is_saved()
    {
        await Database.InsertAsync(new CarrierMapping(IntegrationId, "1", "Click and collect", Colissimo.Id));
        var cut = Render();
        cut.WaitForAssertion(() => cut.FindAll("tr.carrier-row").Count.ShouldBe(4));

        await SelectAsync(cut.FindComponents<MudSelect<int?>>()[RowIndex(cut, "1")], null);
        await SelectAsync(cut.FindComponents<MudSelect<int?>>()[RowIndex(cut, "3")], OldCourier.Id);
        cut.Find("#shipping-save").Click();

        cut.WaitForAssertion(() => cut.Find("#shipping-status").TextContent.ShouldContain("'Old courier' is deactivated"));
        (await Database.QueryAsync(db => db.CarrierMappings.SingleAsync())).CarrierReference.ShouldBe("1");
    }

    [Fact]
    public async Task An_added_row_maps_a_carrier_typed_by_the_admin()
    {
        var cut = Render();
        cut.WaitForAssertion(() => cut.FindAll("tr.carrier-row").Count.ShouldBe(4));

        var before = cut.FindComponents<MudSelect<int?>>().Select(c => c.Instance).ToList();
        cut.Find("#shipping-add").Click();
        cut.Find("tr.carrier-row:last-child .carrier-reference input").Input("42");
        cut.Find("tr.carrier-row:last-child .carrier-name input").Input("Pallet freight");
        await SelectAsync(Added(cut, before), Colissimo.Id);
        cut.Find("#shipping-save").Click();

        cut.WaitForAssertion(() => cut.Find("#shipping-status").TextContent.ShouldBe("Data saved."));
        var saved = await Database.QueryAsync(db => db.CarrierMappings.SingleAsync());
        (saved.CarrierReference, saved.CarrierName).ShouldBe(("42", "Pallet freight"));
        cut.WaitForAssertion(() => cut.Find("tr.carrier-row[data-reference='42']").TextContent.ShouldContain("Not in the shop"));
    }

    private static int RowIndex(IRenderedComponent<ShippingMappingSection> cut, string reference) =>
        cut.FindAll("tr.carrier-row").Select(r => r.GetAttribute("data-reference")).ToList().IndexOf(reference);
}

[Collection(SqliteCollection.Name)]
public sealed class PaymentMappingSectionTests(SqliteDatabaseFixture database) : IntegrationTestContext(database)
{
    private IRenderedComponent<PaymentMappingSection> Render() => Render<PaymentMappingSection>(p => p.Add(s => s.IntegrationId, IntegrationId));

    [Fact]
    public async Task Payment_strings_found_in_the_shop_orders_and_typed_rows_are_saved()
    {
        var cut = Render();
        cut.WaitForAssertion(() => cut.FindAll("tr.payment-row").Select(r => r.GetAttribute("data-payment")).ShouldBe(["Bank wire", "Payment by check"]));

        await SelectAsync(cut.FindComponents<MudSelect<int?>>()[0], Transfer.Id);
        var before = cut.FindComponents<MudSelect<int?>>().Select(c => c.Instance).ToList();
        cut.Find("#payment-add").Click();
        cut.Find("tr.payment-row:last-child .payment-name input").Input("PayPal");
        await SelectAsync(Added(cut, before), Cheque.Id);
        cut.Find("#payment-save").Click();

        cut.WaitForAssertion(() => cut.Find("#payment-status").TextContent.ShouldBe("Data saved."));
        var saved = await Database.QueryAsync(db => db.PaymentMappings.OrderBy(m => m.PaymentName).Select(m => new { m.PaymentName, m.PaymentMethodId }).ToListAsync());
        saved.Select(m => (m.PaymentName, m.PaymentMethodId)).ShouldBe([("Bank wire", Transfer.Id), ("PayPal", Cheque.Id)]);
    }

    [Fact]
    public async Task A_typed_row_without_a_name_is_refused()
    {
        var cut = Render();
        cut.WaitForAssertion(() => cut.FindAll("tr.payment-row").Count.ShouldBe(2));

        var before = cut.FindComponents<MudSelect<int?>>().Select(c => c.Instance).ToList();
        cut.Find("#payment-add").Click();
        cut.WaitForAssertion(() => cut.FindAll("tr.payment-row").Count.ShouldBe(3));
        await SelectAsync(Added(cut, before), Cheque.Id);
        cut.Find("#payment-save").Click();

        cut.WaitForAssertion(() => cut.Find("#payment-status").TextContent.ShouldContain("Enter the payment string"), TimeSpan.FromSeconds(10));
        (await Database.QueryAsync(db => db.PaymentMappings.CountAsync())).ShouldBe(0);
    }
}

static file class Rows
{
    /// <summary>The select of a row just added (component order is not row order).</summary>
    public static IRenderedComponent<MudSelect<int?>> Added(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, List<MudSelect<int?>> before) =>
        cut.FindComponents<MudSelect<int?>>().Single(c => !before.Contains(c.Instance));
}

[Collection(SqliteCollection.Name)]
public sealed class ShippingConfirmationSectionTests(SqliteDatabaseFixture database) : IntegrationTestContext(database)
{
    [Fact]
    public async Task Statuses_come_from_the_shop_and_are_saved_with_the_email_choice()
    {
        var cut = Render<ShippingConfirmationSection>(p => p.Add(s => s.IntegrationId, IntegrationId));
        cut.WaitForElement("#confirmation-save");

        var selects = cut.FindComponents<MudSelect<string>>();
        await SelectAsync(selects[0], "4");
        await ChooseAsync(cut.FindComponent<MudSwitch<bool>>(), s => s.ValueChanged, true);
        cut.Find("#confirmation-save").Click();

        cut.WaitForAssertion(() => cut.Find("#confirmation-status").TextContent.ShouldBe("Data saved."));
        var settings = (await SavedIntegrationAsync()).Settings;
        (settings.FullShipmentStatusId, settings.PartialShipmentStatusId, settings.SendShippingEmail).ShouldBe(("4", (string?)null, true));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StockSectionsTests(SqliteDatabaseFixture database) : IntegrationTestContext(database)
{
    private IRenderedComponent<StockSections> Render() => Render<StockSections>(p => p.Add(s => s.IntegrationId, IntegrationId));

    [Fact]
    public async Task Import_warehouse_and_export_warehouses_are_saved_separately_with_the_formula_shown()
    {
        var cut = Render();
        cut.WaitForElement("#stock-import-save");

        await SelectAsync(cut.FindComponent<MudSelect<int?>>(), Main.Id);
        cut.Find("#stock-import-save").Click();
        cut.WaitForAssertion(() => cut.Find("#stock-import-status").TextContent.ShouldBe("Data saved."));

        foreach (var box in cut.FindComponents<MudCheckBox<bool>>())
            await CheckAsync(box, true);
        cut.Find("#export-formula").TextContent.ShouldContain("Sent to the shop = available in Main + available in Paris shop");
        cut.Find("#stock-export-save").Click();

        cut.WaitForAssertion(() => cut.Find("#stock-export-status").TextContent.ShouldBe("Data saved."));
        var settings = (await SavedIntegrationAsync()).Settings;
        settings.StockImportWarehouseId.ShouldBe(Main.Id);
        settings.StockExportWarehouseIds.ShouldBe(new[] { Main.Id, Paris.Id }.Order().ToList());
    }

    [Fact]
    public async Task A_deactivated_export_warehouse_is_refused()
    {
        var cut = Render();
        cut.WaitForElement("#stock-export-save");
        foreach (var box in cut.FindComponents<MudCheckBox<bool>>())
            await CheckAsync(box, true);
        await using (var db = Database.CreateContext())
        {
            (await db.Warehouses.SingleAsync(w => w.Id == Paris.Id)).Deactivate();
            await db.SaveChangesAsync();
        }

        cut.Find("#stock-export-save").Click();

        cut.WaitForAssertion(() => cut.Find("#stock-export-status").TextContent.ShouldContain("'Paris shop' is deactivated"));
        (await SavedIntegrationAsync()).Settings.StockExportWarehouseIds.ShouldBeEmpty();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LiveSectionTests(SqliteDatabaseFixture database) : IntegrationTestContext(database)
{
    [Fact]
    public async Task Going_live_asks_for_confirmation_then_saves()
    {
        await using (var db = Database.CreateContext())
        {
            var integration = await db.Integrations.SingleAsync();
            integration.ChangeSettings(integration.Settings with { StockExportWarehouseIds = [Main.Id] });
            await db.SaveChangesAsync();
        }
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<LiveSection>(p => p.Add(s => s.IntegrationId, IntegrationId));
        cut.WaitForElement("#live-toggle").Click();

        dialogs.WaitForAssertion(() => dialogs.Markup.ShouldContain("Connect's available stock overwrites the shop's quantities"));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Go live").Click();

        cut.WaitForAssertion(() => cut.Find("#live-status").TextContent.ShouldBe("Data saved."));
        cut.Find("#live-state").TextContent.ShouldBe("Live");
        (await SavedIntegrationAsync()).IsLive.ShouldBeTrue();
    }

    [Fact]
    public async Task Going_live_without_export_warehouses_is_refused()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<LiveSection>(p => p.Add(s => s.IntegrationId, IntegrationId));
        cut.WaitForElement("#live-toggle").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Go live").Click());

        cut.WaitForAssertion(() => cut.Find("#live-status").TextContent.ShouldContain("Choose the warehouses to export"));
        (await SavedIntegrationAsync()).IsLive.ShouldBeFalse();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CarrierUpdateSectionTests(SqliteDatabaseFixture database) : IntegrationTestContext(database)
{
    [Fact]
    public void A_method_without_a_carrier_of_its_own_reads_as_following_the_any_other_method_row()
    {
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<CarrierUpdateSection>(p => p.Add(s => s.IntegrationId, IntegrationId));
        cut.WaitForAssertion(() => cut.FindAll($"tr.carrier-update-row-{Colissimo.Id} .mud-select").ShouldNotBeEmpty());

        cut.Find($"tr.carrier-update-row-{Colissimo.Id} .mud-select .mud-input-control").MouseDown();
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim()).ShouldContain("As any other method"));
        popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim()).ShouldNotContain("Leave the shop's carrier");
    }
}
