using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Stores;
using Connect.Domain.Sync;
using Connect.Infrastructure.Catalog;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connect.Infrastructure.Tests.Catalog;

/// <summary>
/// The start-up merge on a database built the old way: each integration created its own product for the same SKU.
/// </summary>
public abstract class ProductMergeTests(DatabaseFixture database) : DatabaseTest(database)
{
    private static readonly DateTime Now = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Products_of_one_sku_from_two_shops_become_one_keeping_links_summed_stock_movements_offers_and_exports()
    {
        var (fr, de, paris, lyon) = await TwoShopsAsync();
        var fromFr = await ProductAsync("MUG-1", fr, "6-0");
        var fromDe = await ProductAsync("MUG-1", de, "8-0");
        var alone = await ProductAsync("CUSHION", de, "9-0");
        await StockAsync(fromFr.Id, paris.Id, 10);
        await StockAsync(fromDe.Id, paris.Id, 5);
        await StockAsync(fromDe.Id, lyon.Id, 3);
        var supplier = await Database.InsertAsync(new Supplier("Acme", true, null, Now));
        await Database.InsertAsync(new ProductSupplier(fromDe.Id, supplier.Id, "ACME-MUG", 3m, "EUR"));
        // The stock written above asked for an export of the DE product, as every stock change does.
        (await Database.QueryAsync(db => db.StockExportRequests.AnyAsync(r => r.IntegrationId == de.Id && r.ProductId == fromDe.Id))).ShouldBeTrue();

        var report = await Merge().RunAsync(Ct);

        report.Merged.ShouldBe(1);
        report.Conflicts.ShouldBeEmpty();
        var links = await Database.QueryAsync(db => db.ExternalLinks.Where(l => l.Kind == ExternalLinkKind.Product && l.ExternalId != "9-0").ToListAsync());
        links.Select(l => l.LocalId).Distinct().ShouldBe([fromFr.Id]);
        links.Count.ShouldBe(2);
        var stock = await Database.QueryAsync(db => db.StockLevels.Where(s => s.ProductId == fromFr.Id).OrderBy(s => s.WarehouseId).ToListAsync());
        stock.Select(s => (s.WarehouseId, s.OnHand)).ShouldBe([(paris.Id, 15), (lyon.Id, 3)], ignoreOrder: true);
        (await Database.QueryAsync(db => db.StockLevels.CountAsync(s => s.ProductId == fromDe.Id))).ShouldBe(0);
        (await Database.QueryAsync(db => db.StockMovements.CountAsync(m => m.ProductId == fromFr.Id))).ShouldBe(3);
        (await Database.QueryAsync(db => db.ProductSuppliers.SingleAsync())).ProductId.ShouldBe(fromFr.Id);
        var exports = await Database.QueryAsync(db => db.StockExportRequests.ToListAsync());
        exports.Select(e => (e.IntegrationId, e.ProductId)).OrderBy(e => e.IntegrationId).ShouldBe([(fr.Id, fromFr.Id), (de.Id, fromFr.Id)]);
        var products = await Database.QueryAsync(db => db.Products.ToDictionaryAsync(p => p.Id));
        products[fromDe.Id].Active.ShouldBeFalse(); // kept for history, emptied
        products[fromFr.Id].Active.ShouldBeTrue();
        products[fromFr.Id].CatalogSourceIntegrationId.ShouldBe(fr.Id);
        products[alone.Id].CatalogSourceIntegrationId.ShouldBe(de.Id);

        var again = await Merge().RunAsync(Ct); // nothing left to do on the next start
        (again.Merged, again.Conflicts.Count).ShouldBe((0, 0));
    }

    [Fact]
    public async Task One_sku_linked_twice_by_the_same_shop_is_listed_for_a_person_and_not_merged()
    {
        var (fr, de, _, _) = await TwoShopsAsync();
        var first = await ProductAsync("demo_1", fr, "1-1");
        var second = await ProductAsync("demo_1", fr, "1-2");
        await ProductAsync("demo_1", de, "1-1");

        var report = await Merge().RunAsync(Ct);

        report.Merged.ShouldBe(0);
        var conflict = report.Conflicts.ShouldHaveSingleItem();
        conflict.ShouldContain("SKU demo_1");
        conflict.ShouldContain("Shop FR: shop product 1, combination 1, shop product 1, combination 2");
        conflict.ShouldContain("run Update products");
        (await Database.QueryAsync(db => db.Products.CountAsync(p => p.Active))).ShouldBe(3);
        (await Database.QueryAsync(db => db.ExternalLinks.CountAsync(l => l.LocalId == first.Id || l.LocalId == second.Id))).ShouldBe(2);
    }

    [Fact]
    public async Task A_start_with_nothing_to_merge_costs_one_query()
    {
        var (fr, de, _, _) = await TwoShopsAsync();
        await ProductAsync("MUG-1", fr, "6-0");
        await ProductAsync("CUSHION", de, "9-0");
        await Merge().RunAsync(Ct); // the first start fills the catalog sources
        var commands = new CommandCount();

        var report = await new ProductMerge(Database.ContextsWith(commands), TimeProvider.System, NullLogger<ProductMerge>.Instance).RunAsync(Ct);

        (report.Merged, report.Conflicts.Count).ShouldBe((0, 0));
        commands.Count.ShouldBe(1);
    }

    private sealed class CommandCount : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private ProductMerge Merge() => new(Database.Contexts, TimeProvider.System, NullLogger<ProductMerge>.Instance);

    private async Task StockAsync(int productId, int warehouseId, int onHand)
    {
        var level = new StockLevel(productId, warehouseId);
        await Database.InsertAsync(level, level.Count(onHand, Change()));
    }

    private static StockChange Change() => new(StockMovementReason.Count, "test", Now);

    private async Task<(Integration Fr, Integration De, Warehouse Paris, Warehouse Lyon)> TwoShopsAsync()
    {
        var paris = new Warehouse("Paris", "PAR");
        var lyon = await Database.InsertAsync(new Warehouse("Lyon", "LYO"));
        var store = await Database.InsertAsync(new Store("Main store", "MAIN", paris));
        var fr = await Database.InsertAsync(new Integration("Shop FR", "PrestaShop", "http://fr.invalid/", store.Id, Now));
        var de = await Database.InsertAsync(new Integration("Shop DE", "PrestaShop", "http://de.invalid/", store.Id, Now));
        return (fr, de, paris, lyon);
    }

    /// <summary>A product as the old intake made it: one per shop record, no catalog source, linked by that shop only.</summary>
    private async Task<Product> ProductAsync(string sku, Integration integration, string externalId)
    {
        var product = await Database.InsertAsync(new Product(new ProductDetails(sku, $"Product {sku}", null, null, 0.3m, 9.9m, true), Now));
        await Database.InsertAsync(new ExternalLink(integration.Id, ExternalLinkKind.Product, externalId, product.Id, Now));
        return product;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteProductMergeTests(SqliteDatabaseFixture database) : ProductMergeTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerProductMergeTests(SqlServerDatabaseFixture database) : ProductMergeTests(database);
