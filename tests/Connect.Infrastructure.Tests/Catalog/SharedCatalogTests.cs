using System.Security.Claims;
using Connect.Domain;
using Connect.Domain.Catalog;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Catalog;
using Connect.Infrastructure.Identity;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Catalog;

/// <summary>
/// Two simulated shops seeded with the same demo catalog feed one database: a SKU is one Connect product whichever shops
/// sell it. The demo shop has 47 SKUs, 39 of them combinations without a reference of their own.
/// </summary>
public abstract class SharedCatalogTests(DatabaseFixture database) : DatabaseTest(database)
{
    private const int DemoSkus = 47;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sku_sold_by_two_shops_is_one_product_with_a_link_from_each()
    {
        await using var a = await CatalogTestKit.StartAsync(Database, code: "FR");
        await using var b = await CatalogTestKit.StartAsync(Database, code: "DE");

        var first = await a.ImportNew.RunAsync(a.Client, a.Run(), Ct);
        var second = await b.ImportNew.RunAsync(b.Client, b.Run(), Ct);

        (first.Created, first.Failed).ShouldBe((DemoSkus, 0));
        (second.Created, second.Updated, second.Failed).ShouldBe((0, DemoSkus, 0));
        (await Database.QueryAsync(db => db.Products.CountAsync())).ShouldBe(DemoSkus);
        var linksPerProduct = await Database.QueryAsync(db => db.ExternalLinks.Where(l => l.Kind == ExternalLinkKind.Product)
            .GroupBy(l => l.LocalId).Select(g => g.Count()).ToListAsync());
        linksPerProduct.ShouldAllBe(count => count == 2);
        (await ProductAsync(a, "6-0")).Id.ShouldBe((await ProductAsync(b, "6-0")).Id);
    }

    [Fact]
    public async Task A_combination_without_a_reference_gets_the_same_readable_sku_from_both_shops_and_the_log_says_how_to_fix_it()
    {
        await using var a = await CatalogTestKit.StartAsync(Database, code: "FR");
        await using var b = await CatalogTestKit.StartAsync(Database, code: "DE");
        var values = a.Values(a.Shop.State.Find("combinations", 1)!);

        var run = a.Run();
        await a.ImportNew.RunAsync(a.Client, run, Ct);
        await b.ImportNew.RunAsync(b.Client, b.Run(), Ct);

        var fromA = await ProductAsync(a, "1-1");
        var fromB = await ProductAsync(b, "1-1");
        fromB.Id.ShouldBe(fromA.Id);
        fromA.Sku.ShouldBe($"demo_1-{string.Join("-", a.SkuValues(a.Shop.State.Find("combinations", 1)!))}");
        fromA.SkuGenerated.ShouldBeTrue();
        var warning = run.Log.Single(l => l.ExternalId == "1-1");
        warning.Level.ShouldBe(FeedLogLevel.Warning);
        warning.Message.ShouldContain($"Give combination {string.Join(" - ", values)} of demo_1 its own reference in PrestaShop");
        warning.Message.ShouldContain(fromA.Sku);
        var skus = await Database.QueryAsync(db => db.Products.Select(p => p.Sku).ToListAsync());
        skus.Distinct().Count().ShouldBe(DemoSkus);
    }

    [Fact]
    public async Task A_reference_used_by_two_products_of_one_shop_is_reported_with_both_and_the_second_is_not_imported()
    {
        await using var a = await CatalogTestKit.StartAsync(Database, code: "FR");
        a.Set("products", 7, "reference", "demo_11"); // product 6's reference

        var run = a.Run();
        var counts = await a.ImportNew.RunAsync(a.Client, run, Ct);

        (counts.Created, counts.Failed).ShouldBe((DemoSkus - 1, 1));
        var error = run.Log.Single(l => l.Level == FeedLogLevel.Error);
        error.ExternalId.ShouldBe("7-0");
        error.Message.ShouldContain("shop product 6");
        error.Message.ShouldContain("shop product 7");
        error.Message.ShouldContain("Give each its own reference in PrestaShop");
        (await Database.QueryAsync(db => db.Products.CountAsync(p => p.Sku == "demo_11"))).ShouldBe(1);
        (await Database.QueryAsync(db => db.ExternalLinks.AnyAsync(l => l.ExternalId == "7-0"))).ShouldBeFalse();

        var again = await a.Update.RunAsync(a.Client, a.Run(), Ct);
        again.Failed.ShouldBe(1); // still reported on every run until the shop fixes it
    }

    [Fact]
    public async Task A_product_one_shop_stops_selling_stays_active_while_the_other_shop_sells_it()
    {
        await using var a = await CatalogTestKit.StartAsync(Database, code: "FR");
        await using var b = await CatalogTestKit.StartAsync(Database, code: "DE");
        await a.ImportNew.RunAsync(a.Client, a.Run(), Ct);
        await b.ImportNew.RunAsync(b.Client, b.Run(), Ct);

        b.DeleteProduct(6);
        b.Set("products", 7, "active", "0");
        await b.Update.RunAsync(b.Client, b.Run(), Ct);

        (await ProductAsync(a, "6-0")).Active.ShouldBeTrue();
        (await ProductAsync(a, "7-0")).Active.ShouldBeTrue();
        (await LinkAsync(b, "6-0")).Active.ShouldBeFalse();
        (await LinkAsync(b, "7-0")).Active.ShouldBeFalse();
        (await LinkAsync(a, "6-0")).Active.ShouldBeTrue();

        a.Set("products", 7, "active", "0");
        await a.Update.RunAsync(a.Client, a.Run(), Ct);
        (await ProductAsync(a, "7-0")).Active.ShouldBeFalse(); // no shop sells it any more

        b.Set("products", 7, "active", "1");
        await b.Update.RunAsync(b.Client, b.Run(), Ct);
        (await ProductAsync(a, "7-0")).Active.ShouldBeTrue();
    }

    [Fact]
    public async Task Names_and_prices_come_from_the_catalog_source_shop_which_an_admin_can_change()
    {
        await using var a = await CatalogTestKit.StartAsync(Database, code: "FR");
        await using var b = await CatalogTestKit.StartAsync(Database, code: "DE");
        b.Set("products", 6, "name", "Tasse renard");
        b.Set("products", 6, "price", "99.000000");
        await a.ImportNew.RunAsync(a.Client, a.Run(), Ct);
        await b.ImportNew.RunAsync(b.Client, b.Run(), Ct);
        await b.Update.RunAsync(b.Client, b.Run(), Ct);

        var product = await ProductAsync(a, "6-0");
        product.Name.ShouldBe("Mug The best is yet to come");
        product.CatalogSourceIntegrationId.ShouldBe(a.IntegrationId);

        var shops = new ProductShops(Database.Contexts, TimeProvider.System);
        await Should.ThrowAsync<UnauthorizedAccessException>(() => shops.SetCatalogSourceAsync(User(Roles.Operator), product.Id, b.IntegrationId, Ct));
        await shops.SetCatalogSourceAsync(User(Roles.Admin), product.Id, b.IntegrationId, Ct);
        await b.Update.RunAsync(b.Client, b.Run(), Ct);

        product = await ProductAsync(a, "6-0");
        (product.Name, product.Price).ShouldBe(("Tasse renard", 99m));
        var links = await shops.LinksAsync(TestUsers.Admin(), product.Id, Ct);
        links.Count.ShouldBe(2);
        links.Single(l => l.IsCatalogSource).IntegrationName.ShouldBe("Shop DE");
        links.ShouldAllBe(l => l.Active && l.ExternalId == "6-0");
    }

    [Fact]
    public async Task Only_a_shop_selling_the_product_can_become_its_catalog_source()
    {
        await using var a = await CatalogTestKit.StartAsync(Database, code: "FR");
        await using var b = await CatalogTestKit.StartAsync(Database, code: "DE");
        await a.ImportNew.RunAsync(a.Client, a.Run(), Ct);
        var product = await ProductAsync(a, "6-0");

        var shops = new ProductShops(Database.Contexts, TimeProvider.System);
        var refused = await Should.ThrowAsync<DomainException>(() => shops.SetCatalogSourceAsync(User(Roles.Admin), product.Id, b.IntegrationId, Ct));
        refused.Message.ShouldContain("does not sell this product");
    }

    [Fact]
    public async Task A_shop_that_changes_a_reference_moves_its_link_to_the_product_of_the_new_sku()
    {
        await using var a = await CatalogTestKit.StartAsync(Database, code: "FR");
        await using var b = await CatalogTestKit.StartAsync(Database, code: "DE");
        b.Set("products", 6, "reference", "FOX-OLD");
        await a.ImportNew.RunAsync(a.Client, a.Run(), Ct);
        await b.ImportNew.RunAsync(b.Client, b.Run(), Ct);
        var old = await ProductAsync(b, "6-0");
        old.Sku.ShouldBe("FOX-OLD");

        b.Set("products", 6, "reference", "demo_11");
        await b.Update.RunAsync(b.Client, b.Run(), Ct);

        (await ProductAsync(b, "6-0")).Id.ShouldBe((await ProductAsync(a, "6-0")).Id);
        (await Database.QueryAsync(db => db.Products.SingleAsync(p => p.Id == old.Id))).Active.ShouldBeFalse();
    }

    private static ClaimsPrincipal User(string role) => TestUsers.User(role.ToLowerInvariant(), role, allStores: true, []);

    private Task<ExternalLink> LinkAsync(CatalogTestKit kit, string externalId) => Database.QueryAsync(db =>
        db.ExternalLinks.AsNoTracking().SingleAsync(l => l.IntegrationId == kit.IntegrationId && l.Kind == ExternalLinkKind.Product && l.ExternalId == externalId));

    private Task<Product> ProductAsync(CatalogTestKit kit, string externalId) => Database.QueryAsync(db =>
        (from l in db.ExternalLinks
         where l.IntegrationId == kit.IntegrationId && l.Kind == ExternalLinkKind.Product && l.ExternalId == externalId
         join p in db.Products on l.LocalId equals p.Id
         select p).AsNoTracking().SingleAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSharedCatalogTests(SqliteDatabaseFixture database) : SharedCatalogTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerSharedCatalogTests(SqlServerDatabaseFixture database) : SharedCatalogTests(database);
