using Connect.Domain.Catalog;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using PrestaShopException = Connect.Infrastructure.Integrations.PrestaShop.Api.PrestaShopException;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Connect.PrestaShop.Simulator;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Catalog;

/// <summary>
/// The catalog feeds against the simulated shop and a real database. The recorded demo shop has 19 products, 11 of them with
/// 39 combinations in all: 39 + 8 = 47 Connect products. Feeds are called directly with a recording run (no engine here).
/// </summary>
public abstract class CatalogFeedTests(DatabaseFixture database) : DatabaseTest(database)
{
    private const int DemoSkus = 47;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_new_products_creates_one_product_per_combination_and_per_simple_product_with_the_shop_values()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);

        var run = kit.Run();
        var counts = await kit.ImportNew.RunAsync(kit.Client, run, Ct);

        counts.ShouldBe(new FeedCounts(DemoSkus, DemoSkus, 0, 0, 0));
        run.Checkpoint.ShouldBe("19");
        run.Checkpoints.Count.ShouldBe(4); // 19 products in pages of 5
        await ShouldMatchShopAsync(kit);
        var saved = await Database.QueryAsync(db => db.Products.Where(p => p.AttributeLabel != null).CountAsync());
        saved.ShouldBe(39);
    }

    [Fact]
    public async Task A_combination_takes_its_reference_label_and_the_price_and_weight_impacts()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        kit.Set("combinations", 1, "reference", "HUMMINGBIRD-S-WHITE");
        kit.Set("combinations", 1, "price", "2.500000");
        kit.Set("combinations", 1, "weight", "0.250000");
        kit.Set("combinations", 1, "ean13", "3760000000017");

        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);

        var product = await ProductAsync("1-1");
        product.Sku.ShouldBe("HUMMINGBIRD-S-WHITE");
        product.ParentReference.ShouldBe("demo_1");
        product.AttributeLabel.ShouldBe("Size: S - Color: White");
        product.Ean13.ShouldBe("3760000000017");
        var shopProduct = kit.Shop.State.Find("products", 1)!;
        product.Price.ShouldBe(CatalogTestKit.Dec(shopProduct["price"]) + 2.5m);
        product.Weight.ShouldBe(CatalogTestKit.Dec(shopProduct["weight"]) + 0.25m);
        var sibling = await ProductAsync("1-2");
        sibling.Sku.ShouldStartWith("demo_1-"); // no reference of its own: built from the product's and its values
        sibling.SkuGenerated.ShouldBeTrue();
        product.SkuGenerated.ShouldBeFalse();
    }

    [Fact]
    public async Task Reruns_create_and_update_nothing()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        var first = kit.Run();
        await kit.ImportNew.RunAsync(kit.Client, first, Ct);

        var again = await kit.ImportNew.RunAsync(kit.Client, first.Next(), Ct);
        var update = await kit.Update.RunAsync(kit.Client, kit.Run(), Ct);
        var updateAgain = await kit.Update.RunAsync(kit.Client, kit.Run(UpdateProductsFeed.Finished), Ct);

        again.ShouldBe(FeedCounts.Zero);
        (update.Created, update.Updated, update.Failed, update.Unchanged, update.Skipped).ShouldBe((0, 0, 0, DemoSkus, 0));
        (updateAgain.Created, updateAgain.Updated).ShouldBe((0, 0));
        (await Database.QueryAsync(db => db.Products.CountAsync())).ShouldBe(DemoSkus);
    }

    [Fact]
    public async Task A_fault_after_the_first_page_fails_the_run_and_the_next_run_resumes_without_duplicates()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        // The shop stops answering after the first page: the client times out, a transient error.
        using var impatient = CatalogTestKit.NewClient(kit.Shop, timeout: TimeSpan.FromSeconds(1), concurrency: 1);
        var run = new RecordingFeedRun(kit.IntegrationId) { AfterCommit = _ => kit.Shop.Faults.Hang = true };

        var failure = await Should.ThrowAsync<PrestaShopException>(() => kit.ImportNew.RunAsync(impatient, run, Ct));
        kit.Shop.Faults.Hang = false;

        failure.IsTransient.ShouldBeTrue();
        run.Checkpoint.ShouldBe("5");
        var afterFailure = await Database.QueryAsync(db => db.Products.CountAsync());
        afterFailure.ShouldBeInRange(1, DemoSkus - 1);

        var resumed = kit.Run(run.Checkpoint);
        var counts = await kit.ImportNew.RunAsync(kit.Client, resumed, Ct);

        counts.Created.ShouldBe(DemoSkus - afterFailure);
        resumed.Checkpoint.ShouldBe("19");
        await ShouldMatchShopAsync(kit);
    }

    [Fact]
    public async Task Pages_read_in_parallel_commit_in_order_so_a_fault_leaves_a_page_boundary_and_the_resumed_run_completes()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        // Several pages are in flight when the second commits; the failure lands on whichever read comes next.
        var run = new RecordingFeedRun(kit.IntegrationId) { AfterCommit = c => { if (c == "10") kit.Shop.Faults.FailNext(1, 500); } };

        await Should.ThrowAsync<PrestaShopException>(() => kit.ImportNew.RunAsync(kit.Client, run, Ct));

        run.Checkpoints.ShouldBe(new[] { "5", "10", "15", "19" }.Take(run.Checkpoints.Count));
        run.Checkpoint.ShouldBeOneOf("10", "15", "19");
        var resumed = kit.Run(run.Checkpoint);
        await kit.ImportNew.RunAsync(kit.Client, resumed, Ct);
        resumed.Checkpoint.ShouldBe("19");
        (await Database.QueryAsync(db => db.Products.CountAsync())).ShouldBe(DemoSkus);
        await ShouldMatchShopAsync(kit);
    }

    [Fact]
    public async Task A_failing_page_during_update_keeps_the_checkpoint_and_the_resumed_run_finishes_the_catalog()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        kit.Set("products", 18, "price", "99.000000");
        var run = new RecordingFeedRun(kit.IntegrationId) { AfterCommit = c => { if (c == "10") kit.Shop.Faults.FailNext(1, 500); } };
        using var sequential = CatalogTestKit.NewClient(kit.Shop, concurrency: 1);

        await Should.ThrowAsync<PrestaShopException>(() => kit.Update.RunAsync(sequential, run, Ct));
        run.Checkpoint.ShouldBe("10");

        var resumed = kit.Run(run.Checkpoint);
        var counts = await kit.Update.RunAsync(kit.Client, resumed, Ct);

        counts.Updated.ShouldBe(4); // the 4 combinations of product 18
        counts.Created.ShouldBe(0);
        resumed.Checkpoint.ShouldBe(UpdateProductsFeed.Finished);
        await ShouldMatchShopAsync(kit);
    }

    [Fact]
    public async Task Update_deactivates_removed_products_and_combinations_and_creates_new_combinations()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        kit.DeleteCombination(1, 3);
        kit.DeleteProduct(19);  // a simple product
        kit.DeleteProduct(17);  // 4 combinations
        var added = kit.AddCombination(2, "NEW-REF", 1.5m);
        kit.Set("products", 6, "active", "0");
        kit.Set("products", 7, "name", "Renamed in the shop");

        var counts = await kit.Update.RunAsync(kit.Client, kit.Run(), Ct);

        counts.Created.ShouldBe(1);
        counts.Updated.ShouldBe(1 + 1 + 4 + 1 + 1); // deactivated 1-3, 19-0, 17-*, then product 6 inactive and 7 renamed
        counts.Failed.ShouldBe(0);
        (await ProductAsync("1-3")).Active.ShouldBeFalse();
        (await ProductAsync("19-0")).Active.ShouldBeFalse();
        (await Database.QueryAsync(db => (from l in db.ExternalLinks where l.ExternalId.StartsWith("17-")
            join p in db.Products on l.LocalId equals p.Id select p.Active).ToListAsync())).ShouldBe([false, false, false, false]);
        (await ProductAsync("6-0")).Active.ShouldBeFalse();
        (await ProductAsync("7-0")).Name.ShouldBe("Renamed in the shop");
        var created = await ProductAsync($"2-{added}");
        created.Sku.ShouldBe("NEW-REF");
        (await Database.QueryAsync(db => db.Products.CountAsync())).ShouldBe(DemoSkus + 1); // never deleted
        await ShouldMatchShopAsync(kit);

        var again = await kit.Update.RunAsync(kit.Client, kit.Run(UpdateProductsFeed.Finished), Ct);
        (again.Created, again.Updated).ShouldBe((0, 0));
    }

    [Fact]
    public async Task A_product_without_any_reference_is_imported_under_a_generated_sku_with_a_warning_and_the_fix()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        kit.Set("products", 19, "reference", "");
        var name = kit.Shop.State.Find("products", 19)!["name"];

        var run = kit.Run();
        var counts = await kit.ImportNew.RunAsync(kit.Client, run, Ct);

        (counts.Failed, counts.Created).ShouldBe((0, DemoSkus));
        var entry = run.Log.Single(l => l.ExternalId == "19-0");
        entry.Level.ShouldBe(FeedLogLevel.Warning);
        entry.Message.ShouldContain("Give it a reference in PrestaShop");
        var product = await ProductAsync("19-0");
        product.Sku.ShouldBe(GeneratedSku.ForProduct(19, name));
        product.Sku.ShouldStartWith("P19-");
        product.SkuGenerated.ShouldBeTrue();
    }

    [Fact]
    public async Task A_bad_key_stops_the_run_as_fatal_without_a_checkpoint()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        using var client = CatalogTestKit.NewClient(kit.Shop, "NOTTHEKEYNOTTHEKEYNOTTHEKEY00000");
        var run = kit.Run();

        var failure = await Should.ThrowAsync<PrestaShopException>(() => kit.ImportNew.RunAsync(client, run, Ct));

        failure.IsFatal.ShouldBeTrue();
        failure.Explanation.ShouldNotBeNullOrWhiteSpace();
        run.Checkpoint.ShouldBeNull();
        (await Database.QueryAsync(db => db.Products.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Images_are_downloaded_once_per_product_cover_first_and_a_missing_file_is_logged_and_skipped()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        lock (kit.Shop.State.Sync)
            kit.Shop.State.Table("combinations").Find(5)!.Items("images").ForEach(i => i[0] = "999"); // a file gone from the shop's disk

        var run = kit.Run();
        var counts = await kit.Images.RunAsync(kit.Client, run, Ct);

        counts.Processed.ShouldBe(DemoSkus);
        counts.Failed.ShouldBe(0);
        counts.Created.ShouldBe(kit.ExpectedImages() - 1);
        var warning = run.Log.ShouldHaveSingleItem();
        warning.Level.ShouldBe(FeedLogLevel.Warning);
        warning.Message.ShouldContain("code 61");
        var images = await Database.QueryAsync(db => db.ProductImages.AsNoTracking().ToListAsync());
        images.Count.ShouldBe(counts.Created);
        images.GroupBy(i => i.ProductId).ShouldAllBe(g => g.Count(i => i.IsCover) == 1);
        images.ShouldAllBe(i => kit.Store.Find(i.StoragePath) != null);
        var simple = await ProductAsync("8-0");
        var simpleImages = images.Where(i => i.ProductId == simple.Id).ToList();
        simpleImages.Count.ShouldBe(kit.Shop.State.ImageIds(8).Count);
        var combination = await ProductAsync("1-1"); // its own image 2 (from the combination's association)
        images.Where(i => i.ProductId == combination.Id).ShouldHaveSingleItem().StoragePath.ShouldEndWith("/1/2.jpg");

        var again = await kit.Images.RunAsync(kit.Client, kit.Run(), Ct);
        again.Created.ShouldBe(0);
        again.Processed.ShouldBe(DemoSkus - images.Select(i => i.ProductId).Distinct().Count());
    }

    [Fact]
    public async Task A_shop_file_that_is_not_a_picture_is_refused_logged_with_the_fix_and_not_stored()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        // Sent as image/jpeg, as a compromised or misconfigured shop could: only the content tells.
        kit.Shop.State.RecordedImage = kit.Shop.State.RecordedThumbnail =
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>"u8.ToArray();

        var run = kit.Run();
        var counts = await kit.Images.RunAsync(kit.Client, run, Ct);

        counts.Created.ShouldBe(0);
        counts.Failed.ShouldBeGreaterThan(0);
        run.Log.ShouldNotBeEmpty();
        run.Log.ShouldAllBe(l => l.Level == FeedLogLevel.Error && l.Message.Contains("not a JPEG, PNG, GIF or WebP picture"));
        (await Database.QueryAsync(db => db.ProductImages.CountAsync())).ShouldBe(0);
        (Directory.Exists(kit.Store.Root) ? Directory.EnumerateFiles(kit.Store.Root, "*", SearchOption.AllDirectories) : []).ShouldBeEmpty();
    }

    [Fact]
    public async Task Suppliers_and_their_product_rows_are_imported_once()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);

        var suppliers = await kit.ImportSuppliers.RunAsync(kit.Client, kit.Run(), Ct);
        var run = kit.Run();
        var rows = await kit.ProductSuppliers.RunAsync(kit.Client, run, Ct);

        suppliers.ShouldBe(new FeedCounts(2, 2, 0, 0, 0));
        var saved = await Database.QueryAsync(db => db.Suppliers.OrderBy(s => s.Name).ToListAsync());
        saved.Select(s => s.Name).ShouldBe(["Accessories supplier", "Fashion supplier"]);
        saved.ShouldAllBe(s => s.Active && s.Address != null && s.Address.City != null);
        // 73 rows: 48 for combinations and 11 for simple products become offers; 14 are product-level rows of products with combinations.
        rows.ShouldBe(new FeedCounts(73, 59, 0, 0, 0, Unchanged: 14));
        run.Checkpoint.ShouldBe(ProductSupplierImportFeed.Finished);
        var offers = await Database.QueryAsync(db => db.ProductSuppliers.Include(o => o.Supplier).AsNoTracking().ToListAsync());
        offers.Count.ShouldBe(59);
        var productId = (await ProductAsync("1-1")).Id;
        var first = offers.Single(o => o.ProductId == productId && o.Supplier!.Name == "Fashion supplier");
        (first.SupplierReference, first.Cost).ShouldBe(("demo_1_46", 5.49m));
        (await Database.QueryAsync(db => db.ExternalLinks.CountAsync(l => l.Kind == ExternalLinkKind.ProductSupplier))).ShouldBe(59);

        var suppliersAgain = await kit.ImportSuppliers.RunAsync(kit.Client, kit.Run(), Ct);
        var rowsAgain = await kit.ProductSuppliers.RunAsync(kit.Client, kit.Run(ProductSupplierImportFeed.Finished), Ct);
        (suppliersAgain.Created, suppliersAgain.Updated, rowsAgain.Created, rowsAgain.Updated).ShouldBe((0, 0, 0, 0));
    }

    [Fact]
    public async Task A_supplier_row_for_a_product_not_imported_yet_fails_with_the_fix()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        await kit.ImportSuppliers.RunAsync(kit.Client, kit.Run(), Ct);

        var run = kit.Run();
        var rows = await kit.ProductSuppliers.RunAsync(kit.Client, run, Ct);

        rows.Failed.ShouldBe(73);
        run.Log.ShouldContain(l => l.Level == FeedLogLevel.Error && l.Message.Contains("run Import new products"));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.6")]
    [InlineData("1.7")]
    [InlineData("8")]
    [InlineData("9")]
    public async Task Every_version_profile_imports_the_same_catalog(string version)
    {
        await using var kit = await CatalogTestKit.StartAsync(Database, new SimulatorOptions { Version = version });

        var products = await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        var suppliers = await kit.ImportSuppliers.RunAsync(kit.Client, kit.Run(), Ct);
        var rows = await kit.ProductSuppliers.RunAsync(kit.Client, kit.Run(), Ct);
        var update = await kit.Update.RunAsync(kit.Client, kit.Run(), Ct);

        products.Created.ShouldBe(DemoSkus);
        suppliers.Created.ShouldBe(2);
        rows.Created.ShouldBe(59);
        (update.Created, update.Updated, update.Failed).ShouldBe((0, 0, 0));
        await ShouldMatchShopAsync(kit);
    }

    [Fact]
    public async Task A_generated_catalog_is_imported_exactly()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database, new SimulatorOptions { Products = 300, RandomSeed = 7 },
            new CatalogFeedOptions { ProductPageSize = 40, RowPageSize = 100, IdSetSize = 50 });
        var expected = kit.Expected();

        var counts = await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        var update = await kit.Update.RunAsync(kit.Client, kit.Run(), Ct);
        await kit.ImportSuppliers.RunAsync(kit.Client, kit.Run(), Ct);
        var rows = await kit.ProductSuppliers.RunAsync(kit.Client, kit.Run(), Ct);

        counts.Created.ShouldBe(expected.Count);
        (update.Created, update.Updated).ShouldBe((0, 0));
        rows.Failed.ShouldBe(0);
        await ShouldMatchShopAsync(kit);
    }

    private async Task ShouldMatchShopAsync(CatalogTestKit kit)
    {
        var expected = kit.Expected();
        var saved = await Database.QueryAsync(db => (
                from l in db.ExternalLinks
                where l.IntegrationId == kit.IntegrationId && l.Kind == ExternalLinkKind.Product
                join p in db.Products on l.LocalId equals p.Id
                select new { l.ExternalId, Product = p })
            .AsNoTracking().ToListAsync());
        saved.Where(s => !expected.ContainsKey(s.ExternalId)).ShouldAllBe(s => !s.Product.Active);
        foreach (var (key, e) in expected)
        {
            var row = saved.SingleOrDefault(s => s.ExternalId == key)?.Product;
            row.ShouldNotBeNull($"SKU {key} was not imported");
            (row.Sku, row.Name, row.Ean13, row.Price, row.Weight, row.Active, row.IsCombination)
                .ShouldBe((e.Sku, e.Name, e.Ean13, e.Price, e.Weight, e.Active, e.IsCombination), $"SKU {key}");
        }
    }

    private Task<Product> ProductAsync(string externalId) => Database.QueryAsync(db =>
        (from l in db.ExternalLinks
         where l.Kind == ExternalLinkKind.Product && l.ExternalId == externalId
         join p in db.Products on l.LocalId equals p.Id
         select p).AsNoTracking().SingleAsync());

}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCatalogFeedTests(SqliteDatabaseFixture database) : CatalogFeedTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerCatalogFeedTests(SqlServerDatabaseFixture database) : CatalogFeedTests(database);
