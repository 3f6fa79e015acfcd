using Bunit;
using Connect.Testing;
using Connect.Web.Components.Integrations;
using Connect.Web.Components.Integrations.Configuration;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Connect.Web.Tests.Integrations;

[Collection(SqliteCollection.Name)]
public sealed class IntegrationPageTests(SqliteDatabaseFixture database) : IntegrationTestContext(database)
{
    [Fact]
    public void The_configuration_tab_asks_the_shop_once_for_each_list_its_sections_share()
    {
        var cut = Render<IntegrationPage>(p => p.Add(s => s.Id, IntegrationId));

        cut.WaitForAssertion(() =>
        {
            cut.FindAll("tr.status-row").Count.ShouldBe(13);
            cut.FindAll("tr.carrier-row").Count.ShouldBe(4);
            cut.FindAll("tr.payment-row").Count.ShouldBe(2);
            cut.FindAll("#confirmation-full").ShouldNotBeEmpty();
        });
        // The order import rules and the shipping confirmation both show the shop's order states.
        Shop.Reads.GetValueOrDefault("order_states").ShouldBe(1);
        Shop.Reads.GetValueOrDefault("carriers").ShouldBe(1);
        cut.Find("#back-to-integrations").GetAttribute("href").ShouldBe("/integrations");
    }

    [Fact]
    public async Task The_header_names_the_shop_and_its_version_once_a_connection_test_learned_them()
    {
        var cut = Render<IntegrationPage>(p => p.Add(s => s.Id, IntegrationId));
        cut.WaitForElement("#api-test");
        cut.Markup.ShouldNotContain(Shop.State.ShopName);

        cut.Find("#api-test").Click();

        cut.WaitForAssertion(() => cut.Find("#api-test-result").TextContent.ShouldContain(Shop.State.ShopName));
        var version = (await SavedIntegrationAsync()).ShopVersion.ShouldNotBeNull();
        cut.WaitForAssertion(() => cut.Find("#page-description").TextContent.ShouldStartWith($"{Shop.State.ShopName} · PrestaShop {version}"));
    }

    [Fact]
    public async Task Renaming_in_the_configuration_tab_renames_the_page()
    {
        var cut = Render<IntegrationPage>(p => p.Add(s => s.Id, IntegrationId));
        cut.WaitForElement("#general-name");

        cut.Find("#general-name").Input("Main shop (FR)");
        cut.Find("#general-save").Click();

        cut.WaitForAssertion(() => cut.Find("#page-title").TextContent.ShouldBe("Main shop (FR)"));
        cut.Find("#general-status").TextContent.ShouldBe("Data saved.");
        (await SavedIntegrationAsync()).Name.ShouldBe("Main shop (FR)");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MethodPickerTests(SqliteDatabaseFixture database) : IntegrationTestContext(database)
{
    [Fact]
    public async Task With_no_shipping_method_the_grid_says_so_and_creates_one_named_after_the_carrier()
    {
        await Database.QueryAsync(db => db.ShippingMethods.ExecuteDeleteAsync());
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ShippingMappingSection>(p => p.Add(s => s.IntegrationId, IntegrationId));
        cut.WaitForAssertion(() => cut.FindAll("tr.carrier-row").Count.ShouldBe(4));
        var row = cut.Find("tr.carrier-row[data-reference='2']");
        var carrier = row.QuerySelectorAll("td")[1].TextContent.Trim();
        row.TextContent.ShouldContain("No shipping method exists yet.");

        row.QuerySelector(".create-method")!.Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#dialog-name").GetAttribute("value").ShouldBe(carrier));
        dialogs.Find("#dialog-save").Click();

        var created = await Database.QueryAsync(db => db.ShippingMethods.SingleAsync());
        created.Name.ShouldBe(carrier);
        cut.WaitForAssertion(() => cut.FindComponents<MudSelect<int?>>().Count.ShouldBe(4));
        cut.Find("#shipping-save").Click();
        cut.WaitForAssertion(() => cut.Find("#shipping-status").TextContent.ShouldBe("Data saved."));
        (await Database.QueryAsync(db => db.CarrierMappings.SingleAsync())).ShippingMethodId.ShouldBe(created.Id);
    }

    [Fact]
    public void The_payment_grid_warns_about_payments_the_shop_uses_that_are_not_mapped()
    {
        var cut = Render<PaymentMappingSection>(p => p.Add(s => s.IntegrationId, IntegrationId));

        cut.WaitForAssertion(() => cut.Find("#unmapped-payments").TextContent.ShouldContain("Bank wire, Payment by check"));
    }
}
