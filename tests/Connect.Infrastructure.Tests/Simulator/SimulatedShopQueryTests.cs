using Connect.PrestaShop.Simulator;

namespace Connect.Infrastructure.Tests.Simulator;

public sealed class SimulatedShopQueryTests(DemoShopFixture fixture) : IClassFixture<DemoShopFixture>
{
    [Theory]
    [InlineData("api/products?limit=5,3", new[] { 6, 7, 8 })]
    [InlineData("api/products?filter[id]=[10,1]&limit=3", new[] { 1, 2, 3 })]
    [InlineData("api/products?filter[id]=![1|2]&limit=2", new[] { 3, 4 })]
    [InlineData("api/products?filter[id]=%3E[17]", new[] { 18, 19 })]
    [InlineData("api/products?filter[name]=%25[colibri]%25", new[] { 1, 2, 11, 14, 18 })]
    [InlineData("api/products?limit=100,3", new int[0])]
    [InlineData("api/products?limit=abc", new int[0])]
    public async Task Listing_follows_prestashop_filter_and_paging_rules(string query, int[] ids)
    {
        var (status, body, _) = await fixture.Shop.GetAsync(query);
        status.ShouldBe(200);
        SimulatorTestKit.Ids(body).ShouldBe(ids);
    }

    [Fact]
    public async Task Date_filter_without_date1_is_error_32_as_http_500()
    {
        var (status, body, _) = await fixture.Shop.GetAsync("api/orders?filter[date_upd]=%3E[2000-01-01]");
        status.ShouldBe(500);
        SimulatorTestKit.ErrorCodes(body).ShouldBe([32, 3, 3, 3, 3]);
    }

    [Fact]
    public async Task Generated_catalog_lists_products_out_of_id_order_unless_sorted()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Products = 300, Orders = 50 });
        var unsorted = SimulatorTestKit.Ids((await shop.GetAsync("api/products?limit=0,300")).Body).ToList();
        unsorted.ShouldNotBe(unsorted.Order().ToList());
        unsorted.Order().ShouldBe(Enumerable.Range(1, 300));
        var sorted = SimulatorTestKit.Ids((await shop.GetAsync("api/products?sort=[id_ASC]&limit=0,300")).Body);
        sorted.ShouldBe(Enumerable.Range(1, 300));
    }
}
