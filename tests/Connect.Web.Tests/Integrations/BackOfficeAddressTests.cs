using Bunit;
using Connect.Domain.Integrations;
using Connect.Testing;
using Connect.Web.Components.Integrations.Configuration;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Connect.Web.Tests.Integrations;

/// <summary>The optional back-office address in the API connection section, and the Import and complete choice of the status grid.</summary>
[Collection(SqliteCollection.Name)]
public sealed class BackOfficeAddressTests(SqliteDatabaseFixture database) : IntegrationTestContext(database)
{
    private IRenderedComponent<ApiConnectionSection> Render() => Render<ApiConnectionSection>(p => p.Add(s => s.IntegrationId, IntegrationId));

    [Fact]
    public async Task A_back_office_address_is_saved_with_the_connection_ending_with_a_slash()
    {
        var cut = Render();
        cut.WaitForElement("#api-back-office");

        cut.Find("#api-back-office").Input("https://shop.example.com/admin-xyz");
        cut.Find("#api-save").Click();

        cut.WaitForAssertion(() => cut.Find("#api-status").TextContent.ShouldBe("Data saved."));
        (await SavedIntegrationAsync()).Settings.BackOfficeUrl.ShouldBe("https://shop.example.com/admin-xyz/");
        cut.Find("#api-back-office").GetAttribute("value").ShouldBe("https://shop.example.com/admin-xyz/");
    }

    [Theory]
    [InlineData("shop.example.com/admin")]
    [InlineData("ftp://shop.example.com/admin/")]
    [InlineData("https://shop.example.com/admin/index.php?controller=AdminOrders")]
    public async Task An_address_that_is_not_an_http_back_office_folder_is_refused_on_the_field(string address)
    {
        var cut = Render();
        cut.WaitForElement("#api-back-office");

        cut.Find("#api-back-office").Input(address);
        cut.Find("#api-save").Click();

        cut.WaitForAssertion(() => cut.Markup.ShouldContain("up to the admin folder"));
        (await SavedIntegrationAsync()).Settings.BackOfficeUrl.ShouldBeNull();
    }

    [Fact]
    public async Task Clearing_the_address_removes_it()
    {
        await Database.QueryAsync(async db =>
        {
            var integration = await db.Integrations.SingleAsync(i => i.Id == IntegrationId);
            integration.ChangeSettings(integration.Settings with { BackOfficeUrl = "https://shop.example.com/admin-xyz/" });
            return await db.SaveChangesAsync();
        });
        var cut = Render();
        cut.WaitForAssertion(() => cut.Find("#api-back-office").GetAttribute("value").ShouldBe("https://shop.example.com/admin-xyz/"));

        cut.Find("#api-back-office").Input("");
        cut.Find("#api-save").Click();

        cut.WaitForAssertion(() => cut.Find("#api-status").TextContent.ShouldBe("Data saved."));
        (await SavedIntegrationAsync()).Settings.BackOfficeUrl.ShouldBeNull();
    }

    [Fact]
    public async Task The_status_grid_offers_Import_and_complete_and_saves_it()
    {
        var cut = Render<OrderImportSection>(p => p.Add(s => s.IntegrationId, IntegrationId));
        cut.WaitForAssertion(() => cut.FindAll("tr.status-row").Count.ShouldBe(13));
        var rows = cut.FindAll("tr.status-row").Select(r => r.GetAttribute("data-state")).ToList();
        var delivered = cut.FindComponents<MudSelect<OrderImportAction>>()[rows.IndexOf("5")];
        cut.Find("#complete-help").TextContent.ShouldContain("no shipping confirmation");

        await SelectAsync(delivered, OrderImportAction.ImportAndComplete);
        cut.Find("#orders-save").Click();

        cut.WaitForAssertion(() => cut.Find("#orders-status").TextContent.ShouldBe("Data saved."));
        cut.Find("tr.status-row[data-state='5']").TextContent.ShouldContain("Import and complete");
        var rule = await Database.QueryAsync(db => db.OrderStatusRules.SingleAsync(r => r.IntegrationId == IntegrationId && r.ExternalStatusId == "5"));
        rule.Action.ShouldBe(OrderImportAction.ImportAndComplete);
    }
}
