using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Mapping;
using Connect.Infrastructure.Tests.Simulator;

namespace Connect.Infrastructure.Tests.PrestaShop.Mapping;

/// <summary>The pure catalog mappers on the recorded 8.1.2 demo shop answers.</summary>
public sealed class CatalogMapperTests
{
    private static readonly IReadOnlyList<Product> Products = Capture.Parse<Product>("products/full.xml", 1);
    private static readonly IReadOnlyDictionary<long, Combination> Combinations =
        Capture.Parse<Combination>("combinations/full.xml", 1).ToDictionary(c => c.Id);
    // Option names were not recorded; the simulator's seed holds the demo shop's Size/Color groups.
    private static readonly IReadOnlyDictionary<long, ProductOptionValue> Values = Seed<ProductOptionValue>("product_option_values/full.xml").ToDictionary(v => v.Id);
    private static readonly IReadOnlyDictionary<long, ProductOption> Options = Seed<ProductOption>("product_options/full.xml").ToDictionary(o => o.Id);

    private static List<T> Seed<T>(string relative) where T : IPrestaShopResource<T> =>
        PsXml.Records(PsXml.Load(File.ReadAllText(Path.Combine(SimulatorTestKit.SeedDirectory, relative))), T.ElementName)
            .Select(e => T.Parse(e, 1)).ToList();

    private static ProductMapping Map(Product p) => ProductMapper.Map(p, Combinations, Values, Options);

    [Fact]
    public void The_demo_shop_maps_to_47_skus_39_combinations_and_8_simple_products()
    {
        var all = Products.Select(Map).ToList();

        all.SelectMany(m => m.Problems).ShouldBeEmpty();
        var skus = all.SelectMany(m => m.Products).ToList();
        skus.Count.ShouldBe(47);
        skus.Count(s => s.Details.AttributeLabel is not null).ShouldBe(39);
        skus.Select(s => s.ExternalId).ShouldBeUnique();
    }

    [Fact]
    public void A_combination_is_keyed_by_product_and_combination_and_labelled_by_its_attributes()
    {
        var product = Products.Single(p => p.Id == 1);

        var mapping = Map(product);
        var first = mapping.Products.First();

        first.ExternalId.ShouldBe("1-1");
        first.ParentExternalId.ShouldBe("1");
        // The demo combination carries the product's reference (PrestaShop copies it): not its own, so the SKU is built.
        first.Details.Sku.ShouldBe("demo_1-White-S"); // by attribute group name: Color, then Size
        first.Details.SkuGenerated.ShouldBeTrue();
        mapping.Warnings.First().Message.ShouldContain("Give combination S - White of demo_1 its own reference in PrestaShop");
        first.Details.ParentReference.ShouldBe("demo_1");
        first.Details.AttributeLabel.ShouldBe("Size: S - Color: White");
        first.Details.Name.ShouldBe(product.Name);
        first.Details.Price.ShouldBe(Math.Round(product.Price + Combinations[1].Price, 4));
        first.Details.Active.ShouldBe(product.Active);
    }

    [Fact]
    public void A_generated_sku_does_not_depend_on_the_order_a_shop_lists_the_attribute_values_in()
    {
        var product = Products.Single(p => p.Id == 1);
        // Another shop created Color before Size: its combination lists White before S.
        var reversed = Combinations.ToDictionary(kv => kv.Key,
            kv => kv.Key == 1 ? kv.Value with { ProductOptionValueIds = [.. kv.Value.ProductOptionValueIds.Reverse()] } : kv.Value);

        var here = Map(product).Products.Single(s => s.ExternalId == "1-1");
        var there = ProductMapper.Map(product, reversed, Values, Options).Products.Single(s => s.ExternalId == "1-1");

        there.Details.Sku.ShouldBe(here.Details.Sku);
        here.Details.Sku.ShouldBe("demo_1-White-S");
    }

    [Fact]
    public void Price_and_weight_add_the_combination_impacts_and_its_own_reference_wins()
    {
        var product = Products.Single(p => p.Id == 1) with { Price = 10m, Weight = 0.5m };
        var combinations = Combinations.ToDictionary(kv => kv.Key,
            kv => kv.Key == 1 ? kv.Value with { Reference = " OWN-REF ", Price = 2.1234567m, Weight = 0.3m, Ean13 = "3760000000017" } : kv.Value);

        var sku = ProductMapper.Map(product, combinations, Values, Options).Products.Single(s => s.ExternalId == "1-1");

        (sku.Details.Sku, sku.Details.Price, sku.Details.Weight, sku.Details.Ean13).ShouldBe(("OWN-REF", 12.1235m, 0.8m, "3760000000017"));
    }

    [Fact]
    public void A_product_without_combinations_is_one_sku_with_combination_id_0_and_no_label()
    {
        var product = Products.First(p => p.CombinationIds.Count == 0);

        var sku = Map(product).Products.ShouldHaveSingleItem();

        sku.ExternalId.ShouldBe($"{product.Id}-0");
        sku.Details.AttributeLabel.ShouldBeNull();
        sku.Details.ParentReference.ShouldBeNull();
        sku.Details.Sku.ShouldBe(product.Reference);
        sku.Details.Ean13.ShouldBe(string.IsNullOrWhiteSpace(product.Ean13) ? null : product.Ean13);
    }

    [Fact]
    public void Without_any_reference_the_product_gets_a_stable_sku_from_its_id_and_name_and_a_warning_with_the_fix()
    {
        var product = Products.First(p => p.CombinationIds.Count == 0) with { Reference = " ", Name = "Mug: the best / yet" };

        var mapping = Map(product);

        var sku = mapping.Products.ShouldHaveSingleItem().Details;
        sku.Sku.ShouldBe($"P{product.Id}-Mug_the_best_yet");
        sku.SkuGenerated.ShouldBeTrue();
        Map(product).Products.Single().Details.Sku.ShouldBe(sku.Sku);
        mapping.Problems.ShouldBeEmpty();
        mapping.Warnings.ShouldHaveSingleItem().Message.ShouldContain("Give it a reference in PrestaShop");
    }

    [Fact]
    public void A_generated_sku_stays_within_the_sku_length_and_two_long_ones_stay_apart()
    {
        var longName = new string('x', 150);

        var first = Connect.Domain.Catalog.GeneratedSku.ForCombination("REF", [longName + "a"], 1);
        var second = Connect.Domain.Catalog.GeneratedSku.ForCombination("REF", [longName + "b"], 2);

        first.Length.ShouldBeLessThanOrEqualTo(Connect.Domain.Catalog.GeneratedSku.MaxLength);
        first.ShouldNotBe(second);
        Connect.Domain.Catalog.GeneratedSku.ForCombination("demo_1", ["S", "Off white"], 3).ShouldBe("demo_1-S-Off_white");
    }

    [Fact]
    public void A_combination_missing_from_the_read_is_left_out()
    {
        var product = Products.Single(p => p.Id == 1);
        var without = Combinations.Where(kv => kv.Key != 1).ToDictionary();

        ProductMapper.Map(product, without, Values, Options).Products.Select(s => s.ExternalId).ShouldNotContain("1-1");
    }

    [Fact]
    public void Pack_items_never_become_skus()
    {
        var pack = Products.First(p => p.CombinationIds.Count == 0) with { IsPack = true, PackItems = [new PackItem(1, 1, 2), new PackItem(2, 0, 1)] };

        Map(pack).Products.ShouldHaveSingleItem().ExternalId.ShouldBe($"{pack.Id}-0");
    }

    [Fact]
    public void Images_of_a_combination_are_its_own_else_the_products_with_the_cover_first()
    {
        var product = Products.Single(p => p.Id == 1);
        var own = ImagePlanner.Plan(product, Combinations[1]);
        var inherited = ImagePlanner.Plan(product, Combinations[1] with { ImageIds = [] });

        own.Select(i => i.ImageId).ShouldBe(Combinations[1].ImageIds);
        own[0].IsCover.ShouldBeTrue();
        inherited.Count.ShouldBe(product.ImageIds.Count);
        inherited[0].ImageId.ShouldBe(product.IdDefaultImage);
        inherited.Count(i => i.IsCover).ShouldBe(1);
    }

    [Fact]
    public void Product_supplier_rows_point_at_the_sku_and_the_supplier_with_the_currency_code()
    {
        var rows = Capture.Parse<ProductSupplier>("product_suppliers/full.xml");

        var mapped = rows.Select(r => SupplierMapper.Map(r, new Dictionary<long, string> { [1] = "eur" })).ToList();

        mapped.Count.ShouldBe(73);
        var first = mapped.Single(m => m.ExternalId == "12");
        (first.ProductExternalId, first.ProductParentExternalId, first.SupplierExternalId, first.SupplierReference, first.Cost, first.Currency)
            .ShouldBe(("1-1", "1", "1", "demo_1_46", 5.49m, "EUR"));
        mapped.Single(m => m.ExternalId == "11").ProductExternalId.ShouldBe("1-0");
    }

    [Fact]
    public void A_supplier_takes_its_live_address()
    {
        var supplier = Capture.Parse<Supplier>("suppliers/full.xml").First();
        var addresses = Capture.Parse<SupplierAddress>("addresses/full.xml");

        var mapped = SupplierMapper.Map(supplier, SupplierMapper.PickAddress(addresses, supplier.Id), new Dictionary<long, string> { [21] = "us" });

        mapped.ExternalId.ShouldBe("1");
        mapped.Name.ShouldBe("Fashion supplier");
        mapped.Active.ShouldBeTrue();
        mapped.Address.ShouldNotBeNull();
        mapped.Address.City.ShouldBe("New York");
        mapped.Address.CountryCode.ShouldBe("US");
    }

    [Fact]
    public void Sku_keys_read_back_their_product_and_combination()
    {
        ProductKeys.TryParse("12-345", out var product, out var combination).ShouldBeTrue();
        (product, combination).ShouldBe((12L, 345L));
        ProductKeys.TryParse("12", out _, out _).ShouldBeFalse();
        ProductKeys.TryParse("a-1", out _, out _).ShouldBeFalse();
    }
}
