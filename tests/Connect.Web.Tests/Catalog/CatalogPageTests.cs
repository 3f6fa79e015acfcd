using Bunit;
using Bunit.TestDoubles;
using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Stores;
using Connect.Infrastructure.Catalog;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Connect.Testing;
using Connect.Web.Components.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Connect.Web.Tests.Catalog;

/// <summary>The catalog pages rendered with bUnit on a real (SQLite) database.</summary>
public abstract class CatalogPageTests(DatabaseFixture database) : DatabaseTest(database)
{
    private static readonly DateTime Now = new(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);
    private readonly BunitContext _bunit = new();
    private BunitAuthorizationContext _authorization = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Services.AddMudServices();
        _bunit.Services.AddScoped<Connect.Web.Components.Shared.UserTimeZone>();
        _bunit.Services.AddSingleton(TimeProvider.System);
        _bunit.Services.AddSingleton<IDbContextFactory<ConnectDbContext>>(Database.Contexts);
        _bunit.Services.AddSingleton<Connect.Infrastructure.Inventory.SellableQuantity>();
        _bunit.Services.AddSingleton<Connect.Infrastructure.Inventory.StockQueries>();
        _bunit.Services.AddSingleton(new ProductShops(Database.Contexts, TimeProvider.System));
        _authorization = _bunit.AddAuthorization();
        _authorization.SetAuthorized("admin").SetRoles(Connect.Infrastructure.Identity.Roles.Admin);
        _bunit.Render<MudPopoverProvider>();
    }

    public override async ValueTask DisposeAsync()
    {
        await _bunit.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task The_product_grid_lists_products_and_searches_by_sku_name_and_barcode()
    {
        await SeedAsync();

        var page = _bunit.Render<ProductList>();

        page.WaitForAssertion(() => page.FindAll("#products tbody tr").Count.ShouldBe(3));
        page.Markup.ShouldContain("Size: M - Color: Blue");
        var field = page.Find("#product-search");
        var search = field.TagName == "INPUT" ? field : field.QuerySelector("input")!;
        await search.InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "3760000000017" });
        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("#products tbody tr");
            rows.Count.ShouldBe(1);
            rows[0].TextContent.ShouldContain("TSHIRT-M-BLUE");
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_product_grid_filters_by_integration_and_status()
    {
        var (_, _, integration) = await SeedAsync();
        var navigation = _bunit.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();

        navigation.NavigateTo($"/catalog?integration={integration.Id}");
        var linked = _bunit.Render<ProductList>();
        linked.WaitForAssertion(() => linked.FindAll("#products tbody tr").ShouldHaveSingleItem().TextContent.ShouldContain("TSHIRT-M-BLUE"));

        navigation.NavigateTo("/catalog?status=inactive");
        var inactive = _bunit.Render<ProductList>();
        inactive.WaitForAssertion(() => inactive.FindAll("#products tbody tr").ShouldHaveSingleItem().TextContent.ShouldContain("OLD-1"));
    }

    [Fact]
    public async Task The_product_grid_shows_the_cover_and_links_to_the_detail()
    {
        var (shirt, _, _) = await SeedAsync();

        var page = _bunit.Render<ProductList>();

        page.WaitForAssertion(() => page.FindAll("#products tbody tr").Count.ShouldBe(3));
        var row = page.FindAll("#products tbody tr").Single(r => r.TextContent.Contains("TSHIRT-M-BLUE"));
        row.QuerySelector("a")!.GetAttribute("href").ShouldBe($"/catalog/products/{shirt.Id}");
        row.TextContent.ShouldContain("19.90 EUR"); // in the catalog source shop's currency
        row.QuerySelector("img")!.GetAttribute("src").ShouldStartWith("/images/products/");
    }

    [Fact]
    public async Task The_product_detail_shows_images_attributes_suppliers_and_stock_per_warehouse()
    {
        var (shirt, _, _) = await SeedAsync();

        var page = _bunit.Render<ProductDetail>(p => p.Add(x => x.Id, shirt.Id));

        page.WaitForAssertion(() => page.Find("#product-attributes").TextContent.ShouldContain("Size: M - Color: Blue"));
        page.Find("#product-attributes").TextContent.ShouldContain("3760000000017");
        page.Find("#product-shops").TextContent.ShouldContain("shop id 1-7");
        page.FindAll("#product-images img").Count.ShouldBe(2);
        page.Find("#product-suppliers").TextContent.ShouldContain("Fashion supplier");
        page.Find("#product-suppliers").TextContent.ShouldContain("FS-0042");
        page.Find("#product-suppliers").TextContent.ShouldContain("5.49 EUR");
        var stock = page.Find("#product-stock").TextContent;
        stock.ShouldContain("Main");
        stock.ShouldContain("Backup");
        // Sold from the store's default warehouse (Main): 12 available, nothing promised.
        page.Find("#product-sellable tbody tr").TextContent.ShouldContain("12");
        page.Find("#product-movements").TextContent.ShouldContain("tester");
        page.Find("#product-status").TextContent.ShouldContain("Active");
        page.Find("#product-attributes").TextContent.ShouldContain("19.90 EUR");
    }

    [Fact]
    public async Task The_product_detail_lists_every_shop_link_with_its_state_and_an_admin_can_change_the_catalog_source()
    {
        var (shirt, _, first) = await SeedAsync();
        var second = await Database.InsertAsync(new Integration("Shop DE", "PrestaShop", "http://de.invalid/", first.StoreId, Now));
        await Database.InsertAsync(new ExternalLink(second.Id, ExternalLinkKind.Product, "4-12", shirt.Id, Now, active: false));
        _authorization.SetAuthorized("admin").SetRoles(Roles.Admin);

        var page = _bunit.Render<ProductDetail>(p => p.Add(x => x.Id, shirt.Id));

        page.WaitForAssertion(() => page.FindAll("#product-shops tbody tr").Count.ShouldBe(2));
        var rows = page.FindAll("#product-shops tbody tr");
        var de = rows.Single(r => r.TextContent.Contains("Shop DE"));
        de.TextContent.ShouldContain("shop product 4, combination 12");
        de.TextContent.ShouldContain("Not sold");
        rows.Single(r => !r.TextContent.Contains("Shop DE")).TextContent.ShouldContain("Sold");
        de.QuerySelector("button")!.Click();
        page.WaitForAssertion(() => page.FindAll("#product-shops tbody tr").Single(r => r.TextContent.Contains("Shop DE")).TextContent.ShouldContain("Catalog source"));
        (await Database.QueryAsync(db => db.Products.SingleAsync(p => p.Id == shirt.Id))).CatalogSourceIntegrationId.ShouldBe(second.Id);
    }

    [Fact]
    public async Task The_product_grid_shows_the_shops_selling_each_sku_and_flags_generated_skus()
    {
        var (shirt, _, integration) = await SeedAsync();

        var page = _bunit.Render<ProductList>();

        page.WaitForAssertion(() => page.FindAll("#products tbody tr").Count.ShouldBe(3));
        var row = page.FindAll("#products tbody tr").Single(r => r.TextContent.Contains(shirt.Sku));
        row.QuerySelectorAll(".shop-badge").ShouldHaveSingleItem().TextContent.ShouldContain(integration.Name);
        page.FindAll(".generated-sku").Count.ShouldBe(await Database.QueryAsync(db => db.Products.CountAsync(p => p.SkuGenerated)));
    }

    [Fact]
    public async Task A_product_without_image_shows_a_placeholder_and_a_sku_from_two_shops_says_so()
    {
        var (shirt, _, integration) = await SeedAsync();
        var second = await Database.InsertAsync(new Integration("Shop DE", "PrestaShop", "http://de.invalid/", integration.StoreId, Now));
        await Database.InsertAsync(new ExternalLink(second.Id, ExternalLinkKind.Product, "4-12", shirt.Id, Now));

        var page = _bunit.Render<ProductList>();

        page.WaitForAssertion(() => page.FindAll("#products tbody tr").Count.ShouldBe(3));
        var rows = page.FindAll("#products tbody tr");
        var shirtRow = rows.Single(r => r.TextContent.Contains(shirt.Sku));
        shirtRow.QuerySelector("img.product-thumb").ShouldNotBeNull();
        shirtRow.QuerySelector(".shared-sku")!.TextContent.ShouldBe("In 2 shops");
        rows.Where(r => !r.TextContent.Contains(shirt.Sku)).ShouldAllBe(r => r.QuerySelector(".product-thumb-placeholder") != null && r.QuerySelector(".shared-sku") == null);
    }

    [Fact]
    public async Task A_store_limited_user_sees_only_the_integrations_of_their_stores_on_product_pages()
    {
        var (shirt, _, integration) = await SeedAsync();
        var elsewhere = await Database.InsertAsync(new Store("Other store", "OTHER", new Warehouse("Other", "OTH")));
        var mine = await Database.InsertAsync(new Integration("My shop", "PrestaShop", "https://mine.example", elsewhere.Id, Now));
        await Database.InsertAsync(new ExternalLink(mine.Id, ExternalLinkKind.Product, "9-1", shirt.Id, Now));
        _authorization.SetRoles(Connect.Infrastructure.Identity.Roles.Operator)
            .SetClaims(new System.Security.Claims.Claim(Connect.Infrastructure.Identity.ConnectClaims.Store, elsewhere.Id.ToString()));
        var navigation = _bunit.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();

        var detail = _bunit.Render<ProductDetail>(p => p.Add(x => x.Id, shirt.Id));
        navigation.NavigateTo($"/catalog?integration={integration.Id}");
        var list = _bunit.Render<ProductList>();

        detail.WaitForAssertion(() => detail.Find("#product-shops").TextContent.ShouldContain("shop id 9-1"));
        detail.Find("#product-shops").TextContent.ShouldNotContain("Demo shop");
        // The other store's integration in the URL filters nothing in, and is not offered.
        list.WaitForAssertion(() => list.FindAll("#products tbody tr").Count.ShouldBe(3));
        list.Markup.ShouldNotContain("Demo shop");
    }

    [Fact]
    public async Task An_unknown_product_says_so()
    {
        var page = _bunit.Render<ProductDetail>(p => p.Add(x => x.Id, 424242));

        page.WaitForAssertion(() => page.Markup.ShouldContain("Product not found"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task The_supplier_pages_list_suppliers_and_their_products()
    {
        var (_, supplier, _) = await SeedAsync();

        var list = _bunit.Render<SupplierList>();
        list.WaitForAssertion(() => list.FindAll("#suppliers tbody tr").Count.ShouldBe(1));
        list.Find("#suppliers").TextContent.ShouldContain("Paris");

        var detail = _bunit.Render<SupplierDetail>(p => p.Add(x => x.Id, supplier.Id));
        detail.WaitForAssertion(() => detail.Find("#supplier-products").TextContent.ShouldContain("TSHIRT-M-BLUE"));
        detail.Find("#supplier-address").TextContent.ShouldContain("1 rue de la Paix");
    }

    private async Task<(Product Shirt, Supplier Supplier, Integration Integration)> SeedAsync()
    {
        var main = new Warehouse("Main", "MAIN");
        var backup = new Warehouse("Backup", "BACK");
        var store = await Database.InsertAsync(new Store("Main store", "MAIN", main));
        await Database.InsertAsync(backup);
        var demo = new Integration("Demo shop", "PrestaShop", "https://shop.example", store.Id, Now);
        demo.RecordShop("Demo shop", "8.1.2", "EUR");
        var integration = await Database.InsertAsync(demo);
        var shirt = new Product(new ProductDetails("TSHIRT-M-BLUE", "T-shirt", "3760000000017", null, 0.3m, 19.9m, true, "TSHIRT", "Size: M - Color: Blue"), Now);
        shirt.ChooseCatalogSource(integration.Id, Now);
        shirt.AddImage(1, true, "image/jpeg", "products/1/1/7.jpg", 100);
        shirt.AddImage(2, false, "image/jpeg", "products/1/1/8.jpg", 100);
        await Database.InsertAsync(shirt,
            new Product(new ProductDetails("MUG-1", "Mug", null, "012345678905", 0.5m, 9.9m, true, SkuGenerated: true), Now),
            new Product(new ProductDetails("OLD-1", "Old poster", null, null, 0.1m, 5m, false), Now));
        var supplier = await Database.InsertAsync(new Supplier("Fashion supplier", true,
            new PostalAddress("Fashion SA", "1 rue de la Paix", null, "75002", "Paris", null, "FR", null), Now));
        await Database.InsertAsync(
            new ProductSupplier(shirt.Id, supplier.Id, "FS-0042", 5.49m, "eur"),
            new ExternalLink(integration.Id, ExternalLinkKind.Product, "1-7", shirt.Id, Now));
        var level = new StockLevel(shirt.Id, main.Id);
        var levelBackup = new StockLevel(shirt.Id, backup.Id);
        await Database.InsertAsync(level, levelBackup,
            level.Count(12, new StockChange(StockMovementReason.Count, "tester", Now)),
            levelBackup.Count(3, new StockChange(StockMovementReason.Count, "tester", Now)));
        return (shirt, supplier, integration);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCatalogPageTests(SqliteDatabaseFixture database) : CatalogPageTests(database);
