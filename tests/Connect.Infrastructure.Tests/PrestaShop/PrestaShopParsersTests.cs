using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Tests.PrestaShop;

public sealed class PrestaShopParsersTests
{
    [Fact]
    public void Products_full_list_has_19_products_and_pack_items_are_not_counted_as_products()
    {
        var products = Capture.Parse<Product>("products/full.xml");

        products.Count.ShouldBe(19);
        products.Select(p => p.Id).ShouldBeUnique();
        var pack = products.Single(p => p.Id == 15);
        pack.IsPack.ShouldBeTrue();
        pack.PackItems.ShouldBe([new PackItem(5, 19, 5), new PackItem(7, 0, 5)]);
    }

    [Fact]
    public void Single_product_answer_parses_fields_and_associations_by_structure()
    {
        var p = Capture.Parse<Product>("products/one.1.xml", languageId: 1).Single();

        p.Id.ShouldBe(1);
        p.Reference.ShouldBe("demo_1");
        p.Price.ShouldBe(23.9m);
        p.WholesalePrice.ShouldBe(5.49m);
        p.Weight.ShouldBe(0.3m);
        p.Active.ShouldBeTrue();
        p.ProductType.ShouldBe("combinations");
        p.IdDefaultImage.ShouldBe(1);
        p.Ean13.ShouldBe("");
        p.DateAdd.ShouldBe(new DateTime(2026, 11, 28, 1, 17, 50));
        p.DateAdd!.Value.Kind.ShouldBe(DateTimeKind.Unspecified);
        p.CombinationIds.ShouldBe([1L, 2, 3, 4, 5, 6, 7, 8]);
        p.ImageIds.ShouldBe([1L, 2]);
        p.ProductOptionValueIds.ShouldBe([1L, 8, 11, 2, 3, 4]);
        p.StockAvailables.Count.ShouldBe(9);
        p.StockAvailables[0].ShouldBe(new StockAvailableRef(1, 0));
        p.StockAvailables[1].ShouldBe(new StockAvailableRef(20, 1));
        p.PackItems.ShouldBeEmpty();
    }

    [Fact]
    public void Multilanguage_fields_resolve_to_the_chosen_language_with_first_language_fallback()
    {
        Capture.Parse<Product>("products/one.1.xml", 1).Single().Name.ShouldBe("Hummingbird printed t-shirt");
        Capture.Parse<Product>("products/one.1.xml", 2).Single().Name.ShouldBe("T-shirt imprimé colibri");
        Capture.Parse<Product>("products/one.1.xml", 9).Single().Name.ShouldBe("Hummingbird printed t-shirt");
        Capture.Parse<Product>("products/one.1.xml", null).Single().Name.ShouldBe("Hummingbird printed t-shirt");
        Capture.Parse<Product>("quirks/products.language-1-only.xml", 2).Single().Name.ShouldBe("Hummingbird printed t-shirt");
    }

    [Fact]
    public void Product_list_without_display_gives_ids_from_stubs()
    {
        var ids = Capture.Doc("products/list.xml").Root!.Elements().First().Elements().Select(PsXml.RecordId).ToList();

        ids.Count.ShouldBe(19);
        ids[0].ShouldBe(1);
    }

    [Fact]
    public void Empty_list_answer_parses_to_no_records()
    {
        Capture.Parse<Product>("quirks/products.limit-100,3.xml").ShouldBeEmpty();
        PsXml.Records(PsXml.Load("<prestashop><products/></prestashop>"), "product").ShouldBeEmpty();
    }

    [Fact]
    public void Combinations_parse_with_option_values_and_images()
    {
        Capture.Parse<Combination>("combinations/full.xml").Count.ShouldBe(39);
        var c = Capture.Parse<Combination>("combinations/one.1.xml").Single();
        c.IdProduct.ShouldBe(1);
        c.Reference.ShouldBe("demo_1");
        c.DefaultOn.ShouldBeTrue();
        c.ProductOptionValueIds.ShouldBe([1L, 8]);
        c.ImageIds.ShouldBe([2L]);
    }

    [Fact]
    public void Product_options_and_values_build_an_attribute_label()
    {
        // No capture of these resources exists; shape per PrestaShop's product_options / product_option_values.
        const string values = """
            <prestashop xmlns:xlink="http://www.w3.org/1999/xlink"><product_option_values>
            <product_option_value><id><![CDATA[1]]></id><id_attribute_group><![CDATA[1]]></id_attribute_group><color><![CDATA[]]></color><position><![CDATA[0]]></position>
            <name><language id="1"><![CDATA[S]]></language><language id="2"><![CDATA[P]]></language></name></product_option_value>
            <product_option_value><id><![CDATA[8]]></id><id_attribute_group><![CDATA[2]]></id_attribute_group><color><![CDATA[#ffffff]]></color><position><![CDATA[0]]></position>
            <name><language id="1"><![CDATA[White]]></language><language id="2"><![CDATA[Blanc]]></language></name></product_option_value>
            </product_option_values></prestashop>
            """;
        const string options = """
            <prestashop xmlns:xlink="http://www.w3.org/1999/xlink"><product_options>
            <product_option><id><![CDATA[1]]></id><is_color_group><![CDATA[0]]></is_color_group><group_type><![CDATA[select]]></group_type><position><![CDATA[0]]></position>
            <name><language id="1"><![CDATA[Size]]></language></name><public_name><language id="1"><![CDATA[Size]]></language></public_name>
            <associations><product_option_values><product_option_value><id><![CDATA[1]]></id></product_option_value></product_option_values></associations></product_option>
            <product_option><id><![CDATA[2]]></id><is_color_group><![CDATA[1]]></is_color_group><group_type><![CDATA[color]]></group_type><position><![CDATA[1]]></position>
            <name><language id="1"><![CDATA[Color]]></language></name><public_name><language id="1"><![CDATA[Color]]></language></public_name></product_option>
            </product_options></prestashop>
            """;
        var v = PsXml.Records(PsXml.Load(values), "product_option_value").Select(e => ProductOptionValue.Parse(e, 1)).ToDictionary(x => x.Id);
        var o = PsXml.Records(PsXml.Load(options), "product_option").Select(e => ProductOption.Parse(e, 1)).ToDictionary(x => x.Id);

        o[1].ProductOptionValueIds.ShouldBe([1L]);
        o[2].IsColorGroup.ShouldBeTrue();
        v[8].Color.ShouldBe("#ffffff");
        ProductOption.Label([1, 8], v, o).ShouldBe("Size: S - Color: White");
    }

    [Fact]
    public void Orders_parse_with_order_rows_totals_and_zero_dates_as_null()
    {
        var orders = Capture.Parse<Order>("orders/full.xml");
        orders.Count.ShouldBe(5);
        orders.Sum(o => o.Rows.Count).ShouldBe(7);

        var o = Capture.Parse<Order>("orders/one.1.xml").Single();
        o.Reference.ShouldBe("XKBKNABJK");
        o.CurrentState.ShouldBe(6);
        o.IdCarrier.ShouldBe(2);
        o.IdAddressDelivery.ShouldBe(5);
        o.TotalPaidTaxIncl.ShouldBe(68.2m);
        o.TotalShippingTaxIncl.ShouldBe(8.4m);
        o.Module.ShouldBe("ps_checkpayment");
        o.InvoiceDate.ShouldBeNull();
        o.DateUpd.ShouldBe(new DateTime(2026, 11, 28, 1, 17, 50));
        o.Rows.Count.ShouldBe(2);
        o.Rows[1].ShouldBe(new OrderRow(2, 2, 9, 1, "Hummingbird printed sweater - Color : White, Size : S", "demo_3", "", "", 35.9m, 35.9m, 35.9m));
    }

    [Fact]
    public void Order_details_histories_and_carriers_parse()
    {
        Capture.Parse<OrderDetail>("order_details/full.xml").Count.ShouldBe(7);
        var d = Capture.Parse<OrderDetail>("order_details/one.1.xml").Single();
        (d.IdOrder, d.ProductId, d.ProductAttributeId, d.ProductQuantity, d.UnitPriceTaxIncl).ShouldBe((1L, 1L, 1L, 1, 23.9m));

        Capture.Parse<OrderHistory>("order_histories/full.xml").Count.ShouldBe(7);
        Capture.Parse<OrderHistory>("order_histories/one.1.xml").Single()
            .ShouldBe(new OrderHistory(1, 1, 1, 0, new DateTime(2026, 11, 28, 1, 17, 50)));

        Capture.Parse<OrderCarrier>("order_carriers/full.xml").Count.ShouldBe(5);
        var c = Capture.Parse<OrderCarrier>("order_carriers/one.1.xml").Single();
        (c.IdOrder, c.IdCarrier, c.TrackingNumber, c.ShippingCostTaxIncl).ShouldBe((1L, 2L, "", 8.4m));
    }

    [Fact]
    public void Order_states_and_carriers_parse_with_flags()
    {
        var states = Capture.Parse<OrderState>("order_states/full.xml", 1);
        states.Count.ShouldBe(13);
        var shipped = states.Single(s => s.Name == "Shipped");
        (shipped.Shipped, shipped.Paid, shipped.Logable).ShouldBe((true, true, true));
        var first = Capture.Parse<OrderState>("order_states/one.1.xml", 2).Single();
        (first.Name, first.Color, first.Paid, first.SendEmail, first.Template).ShouldBe(("Awaiting check payment", "#34209E", false, true, "cheque"));

        var carriers = Capture.Parse<Carrier>("carriers/full.xml", 1);
        carriers.Count.ShouldBe(4);
        carriers.Count(c => c.Active).ShouldBe(2);
        var cc = carriers.Single(c => c.Id == 1);
        (cc.IdReference, cc.Name, cc.Deleted, cc.Delay).ShouldBe((1L, "Click and collect", false, "Pick up in-store"));
    }

    [Fact]
    public void Stock_availables_parse()
    {
        var rows = Capture.Parse<StockAvailable>("stock_availables/full.xml");
        rows.Count.ShouldBe(58);
        rows.ShouldAllBe(r => !r.DependsOnStock);
        Capture.Parse<StockAvailable>("stock_availables/one.1.xml").Single()
            .ShouldBe(new StockAvailable(1, 1, 0, 1, 0, 2400, false, 2, ""));
    }

    [Fact]
    public void Suppliers_and_product_suppliers_parse()
    {
        Capture.Parse<Supplier>("suppliers/full.xml").Count.ShouldBe(2);
        Capture.Parse<Supplier>("suppliers/one.1.xml").Single().Name.ShouldBe("Fashion supplier");
        Capture.Parse<ProductSupplier>("product_suppliers/full.xml").Count.ShouldBe(73);
        Capture.Parse<ProductSupplier>("product_suppliers/one.1.xml").Single()
            .ShouldBe(new ProductSupplier(1, 6, 0, 2, 1, "demo_11", 5.49m));
    }

    [Fact]
    public void Customers_addresses_shops_languages_parse()
    {
        Capture.Parse<Customer>("customers/full.xml").Count.ShouldBe(2);
        var c = Capture.Parse<Customer>("customers/one.1.xml").Single();
        (c.Email, c.FirstName, c.Active, c.IdShop).ShouldBe(("anonymous@psgdpr.com", "Anonymous", false, 1L));

        Capture.Parse<Address>("addresses/full.xml").Count.ShouldBe(6);
        var a = Capture.Parse<Address>("addresses/one.1.xml").Single();
        (a.IdCountry, a.Postcode, a.Address2, a.Phone).ShouldBe((8L, "00000", "", "0000000000"));

        Capture.Parse<Shop>("shops/full.xml").Single().ShouldBe(new Shop(1, 1, "PS Lab", true, false));
        var langs = Capture.Parse<Language>("quirks/languages.full.xml");
        langs.Select(l => (l.Id, l.IsoCode)).ShouldBe([(1L, "en"), (2L, "fr")]);
    }

    [Fact]
    public void Configurations_parse_with_empty_shop_as_null()
    {
        var rows = Capture.Parse<Configuration>("configurations/full.filter-stock-mgmt.xml");
        rows.ShouldBe([
            new Configuration(155, "PS_ADVANCED_STOCK_MANAGEMENT", "0", null, null),
            new Configuration(15, "PS_STOCK_MANAGEMENT", "1", null, null),
        ]);
    }

    [Fact]
    public void Image_listing_gives_declination_ids()
    {
        ProductImageList.Parse(Capture.Doc("images/products.1.xml"), 1).ImageIds.ShouldBe([1L, 2]);
    }

    [Fact]
    public void Api_root_lists_resources_with_permissions()
    {
        var root = ApiRoot.Parse(Capture.Doc("root.xml"));
        root.ShopName.ShouldBe("PS Lab");
        root.Resources["orders"].Get.ShouldBeTrue();
        root.Resources["orders"].Patch.ShouldBeFalse();
        root.Resources.ShouldContainKey("stock_availables");
    }

    [Fact]
    public void Values_parse_with_invariant_culture_and_zero_dates_as_null()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("fr-FR");
        try
        {
            Capture.Parse<Product>("products/one.1.xml").Single().Price.ShouldBe(23.9m);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
        PsXml.ParseDate("0000-00-00 00:00:00").ShouldBeNull();
        PsXml.ParseDate("0000-00-00").ShouldBeNull();
        PsXml.ParseDate("").ShouldBeNull();
        PsXml.ParseDate("2026-11-28 01:19:00").ShouldBe(new DateTime(2026, 11, 28, 1, 19, 0));
    }

    [Fact]
    public void Xml_with_a_doctype_is_refused()
    {
        const string evil = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><prestashop>&e;</prestashop>""";
        Should.Throw<System.Xml.XmlException>(() => PsXml.Load(evil));
    }
}
