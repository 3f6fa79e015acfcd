using System.Diagnostics;
using Connect.PrestaShop.Simulator;

namespace Connect.Infrastructure.Tests.Simulator;

public sealed class CatalogGeneratorTests
{
    [Fact]
    public async Task Generated_shop_is_consistent()
    {
        var clock = Stopwatch.StartNew();
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Products = 2000, Orders = 5000 });
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        var s = shop.State;
        s.Table("products").Count.ShouldBe(2000);
        s.Table("orders").Count.ShouldBe(5000);
        var combos = s.Table("combinations").Rows.ToDictionary(c => c.Id);
        var stock = s.Table("stock_availables").Rows.Select(r => (r.Int("id_product"), r.Int("id_product_attribute"))).ToHashSet();
        foreach (var p in s.Table("products").Rows) stock.ShouldContain((p.Id, 0));
        foreach (var c in combos.Values)
        {
            stock.ShouldContain((c.Int("id_product"), c.Id));
            s.Table("products").Find(c.Int("id_product")).ShouldNotBeNull();
        }
        foreach (var d in s.Table("order_details").Rows)
        {
            s.Table("products").Find(d.Int("product_id")).ShouldNotBeNull();
            if (d.Int("product_attribute_id") != 0) combos[d.Int("product_attribute_id")].Int("id_product").ShouldBe(d.Int("product_id"));
            s.Table("orders").Find(d.Int("id_order")).ShouldNotBeNull();
        }
        s.Table("order_carriers").Count.ShouldBe(5000);
        var (status, body, _) = await shop.GetAsync("api/orders?display=full&limit=4900,200");
        status.ShouldBe(200);
        SimulatorTestKit.Ids(body).Count().ShouldBe(100);
    }
}
