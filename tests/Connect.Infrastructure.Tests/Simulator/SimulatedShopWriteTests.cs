using System.Xml.Linq;
using Connect.PrestaShop.Simulator;

namespace Connect.Infrastructure.Tests.Simulator;

public sealed class SimulatedShopWriteTests
{
    private static string Replace(string xml, string field, string value)
    {
        var doc = XDocument.Parse(xml);
        doc.Root!.Elements().First().Element(field)!.Value = value;
        return doc.ToString();
    }

    private static string Without(string xml, params string[] fields)
    {
        var doc = XDocument.Parse(xml);
        foreach (var f in fields) doc.Root!.Elements().First().Element(f)?.Remove();
        return doc.ToString();
    }

    [Fact]
    public async Task Combination_stock_put_recomputes_the_product_row()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var (_, row, _) = await shop.GetAsync("api/stock_availables/20");
        var (status, _, _) = await shop.SendAsync(HttpMethod.Put, "api/stock_availables/20", Replace(row, "quantity", "307"));
        status.ShouldBe(200);
        shop.State.StockQuantity(1, 1).ShouldBe(307);
        shop.State.StockQuantity(1).ShouldBe(2407);
        shop.Writes.Last.Status.ShouldBe(200);
    }

    [Fact]
    public async Task Product_row_write_of_a_product_with_combinations_is_silently_discarded()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var (_, row, _) = await shop.GetAsync("api/stock_availables/1");
        var (status, _, _) = await shop.SendAsync(HttpMethod.Put, "api/stock_availables/1", Replace(row, "quantity", "5"));
        status.ShouldBe(200);
        shop.State.StockQuantity(1).ShouldBe(2400);
    }

    [Theory]
    [InlineData("<prestashop><stock_available><id>20</id><quantity>308</quantity></stock_available></prestashop>", 400, 41)]
    [InlineData("<prestashop><stock_available><id_product>1</id_product><id_product_attribute>1</id_product_attribute><quantity>1</quantity><depends_on_stock>0</depends_on_stock><out_of_stock>2</out_of_stock></stock_available></prestashop>", 400, 90)]
    [InlineData("<prestashop><stock_available><id>1</id><quantity>5</quan", 500, 127)]
    [InlineData("", 500, 127)]
    public async Task Bad_stock_put_is_refused_with_the_recorded_code(string body, int status, int code)
    {
        await using var shop = await SimulatedShop.StartAsync();
        var (actual, answer, _) = await shop.SendAsync(HttpMethod.Put, "api/stock_availables/20", body);
        actual.ShouldBe(status);
        SimulatorTestKit.ErrorCodes(answer).ShouldContain(code);
        shop.Writes.Last.Body.ShouldBe(body);
    }

    [Fact]
    public async Task Non_integer_quantity_is_validation_error_85()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var (_, row, _) = await shop.GetAsync("api/stock_availables/20");
        var (status, body, _) = await shop.SendAsync(HttpMethod.Put, "api/stock_availables/20", Replace(row, "quantity", "abc"));
        status.ShouldBe(400);
        SimulatorTestKit.ErrorCodes(body).ShouldBe([85]);
    }

    [Fact]
    public async Task Product_put_with_read_only_fields_is_refused_and_a_stripped_put_works()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var (_, product, _) = await shop.GetAsync("api/products/3");
        var (status, body, _) = await shop.SendAsync(HttpMethod.Put, "api/products/3", product);
        status.ShouldBe(400);
        SimulatorTestKit.ErrorCodes(body).ShouldBe([3, 93]);

        (status, body, _) = await shop.SendAsync(HttpMethod.Put, "api/products/3", Without(product, "manufacturer_name", "quantity"));
        status.ShouldBe(500);
        SimulatorTestKit.ErrorCodes(body).ShouldBe([3]);

        (status, body, _) = await shop.SendAsync(HttpMethod.Put, "api/products/3",
            Replace(Without(product, "manufacturer_name", "quantity", "position_in_category"), "wholesale_price", "5.123456"));
        status.ShouldBe(200);
        SimulatorTestKit.Entity(body).Element("quantity")!.Value.ShouldBe("");
        shop.State.Find("products", 3)!["wholesale_price"].ShouldBe("5.123456");
    }

    [Fact]
    public async Task Partial_order_carrier_put_wipes_omitted_fields_and_mirrors_tracking_into_the_order()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var (status, body, _) = await shop.SendAsync(HttpMethod.Put, "api/order_carriers/5",
            "<prestashop><order_carrier><id>5</id><id_order>5</id_order><id_carrier>2</id_carrier><tracking_number>PSLAB-PARTIAL-5</tracking_number></order_carrier></prestashop>");
        status.ShouldBe(200);
        SimulatorTestKit.Entity(body).Element("shipping_cost_tax_incl")!.Value.ShouldBe("");
        shop.State.Find("order_carriers", 5)!["shipping_cost_tax_incl"].ShouldBe("0.000000");
        shop.State.Find("orders", 5)!["shipping_number"].ShouldBe("PSLAB-PARTIAL-5");
    }

    [Fact]
    public async Task Tracking_number_with_angle_brackets_is_refused()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var (_, oc, _) = await shop.GetAsync("api/order_carriers/2");
        var (status, body, _) = await shop.SendAsync(HttpMethod.Put, "api/order_carriers/2", Replace(oc, "tracking_number", "bad<>tracking"));
        status.ShouldBe(400);
        body.ShouldContain("OrderCarrier-&gt;tracking_number is not valid");
    }

    [Fact]
    public async Task Order_history_post_changes_the_order_state_and_same_state_twice_adds_two_rows()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var before = shop.State.Table("order_histories").Count;
        const string post = "<prestashop><order_history><id></id><id_employee></id_employee><id_order_state>3</id_order_state><id_order>4</id_order><date_add></date_add></order_history></prestashop>";
        (await shop.SendAsync(HttpMethod.Post, "api/order_histories?sendemail=1", post)).Status.ShouldBe(201);
        (await shop.SendAsync(HttpMethod.Post, "api/order_histories", post)).Status.ShouldBe(201);
        shop.State.Table("order_histories").Count.ShouldBe(before + 2);
        shop.State.Find("orders", 4)!["current_state"].ShouldBe("3");
        shop.Writes.For("POST", "order_histories")[0].Query.ShouldBe("?sendemail=1");
    }

    [Fact]
    public async Task Order_history_post_with_unknown_state_is_an_empty_500()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var (status, body, _) = await shop.SendAsync(HttpMethod.Post, "api/order_histories",
            "<prestashop><order_history><id_order_state>999</id_order_state><id_order>4</id_order></order_history></prestashop>");
        status.ShouldBe(500);
        body.ShouldBeEmpty();
    }

    [Fact]
    public async Task Asm_stock_row_refuses_put_with_code_133()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = "1.6", AdvancedStockManagement = true });
        var (_, row, _) = await shop.GetAsync("api/stock_availables/20");
        var (status, body, _) = await shop.SendAsync(HttpMethod.Put, "api/stock_availables/20", Replace(row, "quantity", "1"));
        status.ShouldBe(500);
        SimulatorTestKit.ErrorCodes(body).ShouldBe([133]);
    }

    [Fact]
    public async Task Stock_post_and_delete_are_not_allowed_and_patch_needs_permission()
    {
        await using var shop = await SimulatedShop.StartAsync();
        (await shop.SendAsync(HttpMethod.Post, "api/stock_availables", "<prestashop><stock_available/></prestashop>")).Status.ShouldBe(405);
        (await shop.SendAsync(HttpMethod.Delete, "api/stock_availables/1")).Status.ShouldBe(405);
        var (status, body, _) = await shop.SendAsync(HttpMethod.Patch, "api/stock_availables/1", "<prestashop/>");
        status.ShouldBe(405);
        SimulatorTestKit.ErrorCodes(body).ShouldBe([25]);
    }
}
