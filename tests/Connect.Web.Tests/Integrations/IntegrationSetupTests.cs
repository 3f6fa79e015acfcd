using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Integrations;
using Connect.PrestaShop.Simulator;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Integrations;

/// <summary>The service behind the Configuration tab and the wizard, called directly as a page would, with the signed-in user.</summary>
[Collection(SqliteCollection.Name)]
public sealed class IntegrationSetupTests(SqliteDatabaseFixture database) : IntegrationTestContext(database)
{
    private IntegrationSetup Setup => Services.GetRequiredService<IntegrationSetup>();

    [Fact]
    public async Task Every_configuration_save_and_go_live_is_refused_to_a_non_admin_and_changes_nothing()
    {
        var operatorOfEveryStore = TestUsers.Operator("olga");
        var before = await SavedIntegrationAsync();

        var results = new[]
        {
            await Setup.SaveStockExportAsync(IntegrationId, [Main.Id], operatorOfEveryStore),
            await Setup.SetLiveAsync(IntegrationId, true, operatorOfEveryStore),
            await Setup.SaveStockImportAsync(IntegrationId, Paris.Id, operatorOfEveryStore),
            await Setup.SaveShippingConfirmationAsync(IntegrationId, "4", null, true, operatorOfEveryStore),
            await Setup.SaveCarrierMappingsAsync(IntegrationId, [new CarrierMappingInput("1", "Carrier", Colissimo.Id)], operatorOfEveryStore),
            await Setup.SavePaymentMappingsAsync(IntegrationId, [new PaymentMappingInput("Bank wire", Transfer.Id)], operatorOfEveryStore),
            await Setup.SaveOrderImportAsync(IntegrationId, Store.Id, 5, [], operatorOfEveryStore),
            (await Setup.SaveApiConnectionAsync(IntegrationId, Shop.BaseUrl.ToString(), null, null, 2, operatorOfEveryStore)).Result,
            (await Setup.CreateAsync(new IntegrationDraft("Another", "PrestaShop", Store.Id, Shop.BaseUrl.ToString(), Shop.ApiKey, null), [], operatorOfEveryStore)).Result,
        };

        results.ShouldAllBe(r => !r.Saved && r.Error!.Contains("Only admins"));
        var after = await SavedIntegrationAsync();
        (after.IsLive, after.Url, after.Settings.RequestConcurrency, after.Settings.StockImportWarehouseId).ShouldBe(
            (before.IsLive, before.Url, before.Settings.RequestConcurrency, before.Settings.StockImportWarehouseId));
        after.Settings.StockExportWarehouseIds.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_new_shop_address_needs_the_key_typed_again_so_the_saved_key_never_goes_there()
    {
        await using var other = await SimulatedShop.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var (result, report) = await Setup.SaveApiConnectionAsync(IntegrationId, other.BaseUrl.ToString(), null, null, 4, TestUsers.Admin());

        result.Saved.ShouldBeFalse();
        result.For(IntegrationSetup.KeyField).ShouldNotBeNull().ShouldContain("type the API key again");
        report.ShouldBeNull(); // nothing was sent to the new address
        (await SavedIntegrationAsync()).Url.ShouldBe(Shop.BaseUrl.ToString().TrimEnd('/'));
    }

    [Fact]
    public async Task Switching_to_another_shop_asks_first_then_clears_the_links_and_checkpoints_of_the_old_one()
    {
        await using var other = await SimulatedShop.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await Database.InsertAsync(new ExternalLink(IntegrationId, ExternalLinkKind.Product, "12", 1, DateTime.UtcNow));
        var lease = new FeedLease(IntegrationId, FeedKind.ImportNewOrders);
        lease.Commit("500");
        await Database.InsertAsync(lease);

        var (asked, _) = await Setup.SaveApiConnectionAsync(IntegrationId, other.BaseUrl.ToString(), other.ApiKey, null, 4, TestUsers.Admin());
        asked.NeedsConfirmation.ShouldBeTrue();
        asked.Error.ShouldNotBeNull().ShouldContain("1 linked record(s)");
        (await Database.QueryAsync(db => db.ExternalLinks.CountAsync())).ShouldBe(1);

        var (saved, _) = await Setup.SaveApiConnectionAsync(IntegrationId, other.BaseUrl.ToString(), other.ApiKey, null, 4, TestUsers.Admin(), confirmOtherShop: true);

        saved.Saved.ShouldBeTrue(saved.Error);
        (await SavedIntegrationAsync()).Url.ShouldBe(other.BaseUrl.ToString().TrimEnd('/'));
        (await Database.QueryAsync(db => db.ExternalLinks.CountAsync())).ShouldBe(0);
        (await Database.QueryAsync(db => db.FeedLeases.SingleAsync())).Checkpoint.ShouldBeNull();
    }

    [Fact]
    public void No_draft_prints_its_key()
    {
        var draft = new IntegrationDraft("Shop", "PrestaShop", 1, "https://shop.example", "SECRETKEY0000000000000000000000X", null);

        draft.ToString().ShouldNotContain("SECRETKEY");
        draft.ToString().ShouldContain("https://shop.example");
    }

    [Fact]
    public async Task An_admin_saves_the_same_section()
    {
        var result = await Setup.SaveStockExportAsync(IntegrationId, [Main.Id], TestUsers.Admin());

        result.Saved.ShouldBeTrue();
        (await SavedIntegrationAsync()).Settings.StockExportWarehouseIds.ShouldBe([Main.Id]);
    }

    [Fact]
    public async Task Testing_the_connection_remembers_the_shop_name_and_version_without_changing_the_settings()
    {
        var (result, report) = await Setup.TestConnectionAsync(IntegrationId, TestUsers.Admin());

        result.Saved.ShouldBeTrue(result.Error);
        report.ShouldNotBeNull().Version.ShouldNotBeNull();
        var saved = await SavedIntegrationAsync();
        (saved.ShopName, saved.ShopVersion).ShouldBe((Shop.State.ShopName, report.Version));
        saved.ShopCurrency.ShouldBe("EUR"); // PS_CURRENCY_DEFAULT, the currency of the shop's prices
        saved.Url.ShouldBe(Shop.BaseUrl.ToString().TrimEnd('/'));
    }

    [Fact]
    public async Task Saving_the_api_connection_remembers_the_shop_name_and_version_too()
    {
        var (result, _) = await Setup.SaveApiConnectionAsync(IntegrationId, Shop.BaseUrl.ToString(), null, null, 3, TestUsers.Admin());

        result.Saved.ShouldBeTrue(result.Error);
        (await SavedIntegrationAsync()).ShopName.ShouldBe(Shop.State.ShopName);
    }

    [Fact]
    public async Task A_connection_test_that_fails_says_why_and_keeps_the_name_already_known()
    {
        await Setup.TestConnectionAsync(IntegrationId, TestUsers.Admin());
        Shop.Faults.BadKey = true;

        var (result, _) = await Setup.TestConnectionAsync(IntegrationId, TestUsers.Admin());

        result.Error.ShouldNotBeNull().ShouldContain("key");
        (await SavedIntegrationAsync()).ShopName.ShouldBe(Shop.State.ShopName);
    }

    [Fact]
    public async Task Renaming_refuses_an_empty_or_taken_name_and_a_non_admin()
    {
        var other = new Integration("Outlet", "PrestaShop", "https://outlet.example", Store.Id, DateTime.UtcNow);
        other.ReplaceApiKey(Protector.Protect("KEY"), "KEY");
        await Database.InsertAsync(other);

        (await Setup.RenameAsync(IntegrationId, "  ", TestUsers.Admin())).For(IntegrationSetup.NameField).ShouldNotBeNull().ShouldContain("Give the integration a name");
        (await Setup.RenameAsync(IntegrationId, "Outlet", TestUsers.Admin())).For(IntegrationSetup.NameField).ShouldNotBeNull().ShouldContain("already exists");
        (await Setup.RenameAsync(IntegrationId, "Main shop (FR)", TestUsers.Operator("olga"))).Error.ShouldNotBeNull().ShouldContain("Only admins");
        (await SavedIntegrationAsync()).Name.ShouldBe("Demo shop");

        (await Setup.RenameAsync(IntegrationId, " Main shop (FR) ", TestUsers.Admin())).Saved.ShouldBeTrue();
        (await SavedIntegrationAsync()).Name.ShouldBe("Main shop (FR)");
    }

    [Fact]
    public async Task A_method_created_from_the_mapping_grid_is_refused_to_a_non_admin_and_when_its_name_is_taken()
    {
        var (refused, none) = await Setup.CreateShippingMethodAsync("DHL", TestUsers.Operator("olga"));
        var (taken, _) = await Setup.CreatePaymentMethodAsync("Cheque", TestUsers.Admin());
        var (empty, _) = await Setup.CreateShippingMethodAsync(" ", TestUsers.Admin());
        var (created, id) = await Setup.CreateShippingMethodAsync(" DHL ", TestUsers.Admin());

        (refused.Error, none).ShouldBe(("Only admins can change an integration's configuration; ask an admin.", null));
        taken.Error.ShouldNotBeNull().ShouldContain("already exists");
        empty.Error.ShouldNotBeNull().ShouldContain("needs a name");
        created.Saved.ShouldBeTrue();
        (await Database.QueryAsync(db => db.ShippingMethods.SingleAsync(m => m.Id == id))).Name.ShouldBe("DHL");
        (await Database.QueryAsync(db => db.PaymentMethods.CountAsync(m => m.Name == "Cheque"))).ShouldBe(1);
    }
}
