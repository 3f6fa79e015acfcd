using Bunit;
using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Orders;
using Connect.Testing;
using Connect.Web.Components.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Components;

/// <summary>The order page's history in Connect and its link to the shop's own order page.</summary>
[Collection(SqliteCollection.Name)]
public sealed class OrderDetailTests : ComponentTest
{
    public OrderDetailTests(SqliteDatabaseFixture database) : base(database) => Services.AddSingleton<OrderActions>();

    [Fact]
    public async Task The_history_shows_each_event_with_its_feed_run_linked_and_a_hold_adds_one_with_the_users_name()
    {
        var id = await SeedAsync(backOffice: null);
        Authorization.SetAuthorized("olivia").SetRoles(Roles.Operator).SetClaims(new System.Security.Claims.Claim(ConnectClaims.AllStores, "true"));

        var page = Render<OrderDetail>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => page.FindAll(".order-event").Count.ShouldBe(1));
        var imported = page.Find(".order-event");
        imported.TextContent.ShouldContain("Import as valid (shop state 'Payment accepted')");
        page.Find(".order-event-run").GetAttribute("href").ShouldBe("/feeds/runs/55");

        page.Find("#hold").Click();

        page.WaitForAssertion(() => page.FindAll(".order-event").Count.ShouldBe(2));
        var held = page.FindAll(".order-event")[1];
        held.GetAttribute("data-kind").ShouldBe(nameof(OrderEventKind.Held));
        held.QuerySelector(".order-event-by")!.TextContent.Trim().ShouldBe("olivia");
    }

    [Fact]
    public async Task With_a_back_office_address_the_page_links_to_the_order_in_PrestaShop()
    {
        var id = await SeedAsync(backOffice: "https://shop.example.com/admin-xyz/");
        Authorization.SetAuthorized("admin").SetRoles(Roles.Admin);

        var page = Render<OrderDetail>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => page.Find("#shop-order-link").GetAttribute("href")
            .ShouldBe("https://shop.example.com/admin-xyz/index.php?controller=AdminOrders&id_order=1042&vieworder=1"));
        page.FindAll("#shop-order-hint").ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_a_back_office_address_the_page_shows_the_shop_order_id_and_where_to_set_the_address()
    {
        var id = await SeedAsync(backOffice: null);
        Authorization.SetAuthorized("admin").SetRoles(Roles.Admin);

        var page = Render<OrderDetail>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => page.Find("#shop-order-hint").TextContent.ShouldContain("Shop order 1042"));
        page.Find("#shop-order-hint").TextContent.ShouldContain("back-office address");
        page.FindAll("#shop-order-link").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failed_release_shows_a_message_and_keeps_the_page()
    {
        var id = await SeedAsync(backOffice: null);
        Authorization.SetAuthorized("olivia").SetRoles(Roles.Operator).SetClaims(new System.Security.Claims.Claim(ConnectClaims.AllStores, "true"));
        var page = Render<OrderDetail>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("#hold"));
        page.Find("#hold").Click();
        page.WaitForAssertion(() => page.Find("#release"));
        // Someone else releases the order meanwhile: this page still offers Release.
        await Services.GetRequiredService<OrderActions>().ReleaseAsync(TestUsers.Operator("someone"), id);

        page.Find("#release").Click();

        page.WaitForAssertion(() => Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars
            .ShouldContain(s => s.Message != null && s.Message.Contains("is not on hold", StringComparison.Ordinal)));
        page.Find("#order-lines").ShouldNotBeNull();
    }

    private async Task<int> SeedAsync(string? backOffice)
    {
        var now = DateTime.UtcNow;
        var store = await Database.InsertAsync(new Store("Main", "MAIN", new Warehouse("Main", "MAIN")));
        var integration = new Integration("Demo shop", "PrestaShop", "https://shop.example.com", store.Id, now);
        integration.ChangeSettings(integration.Settings with { BackOfficeUrl = backOffice });
        await Database.InsertAsync(integration);
        var mug = await Database.InsertAsync(new Product(new ProductDetails("MUG-1", "Mug", null, null, 0.3m, 8m, true), now));
        var order = new Order(new OrderDraft(store.Id, integration.Id, "1042", "XKBKNABJK", new OrderCustomer("Ada", "ada@example.com", null),
            new ShippingAddress("Ada", null, "1 rue de la Paix", null, "75002", "Paris", null, "FR", null), null, null, "Cheque", "EUR",
            new OrderTotals(8, 0, 0, 8), now, [new OrderLineDraft(mug.Id, "MUG-1", "Mug", 1, 8m)]), now);
        order.Imported(new OrderActor("Import new orders", now, 55), "Import as valid (shop state 'Payment accepted')");
        await Database.InsertAsync(order);
        return order.Id;
    }
}
