using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Stores;
using Connect.Infrastructure.Persistence;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Persistence;

/// <summary>Multi-row inserts store rows exactly as SaveChanges would, give back the generated keys and keep the unique indexes.</summary>
public abstract class BulkInsertTests(DatabaseFixture database) : DatabaseTest(database)
{
    private static readonly DateTime Now = new(2026, 12, 1, 22, 30, 15, DateTimeKind.Utc);

    [Fact]
    public async Task Inserted_products_get_their_ids_and_read_back_like_products_saved_one_by_one()
    {
        var saved = await Database.InsertAsync(new Product(new ProductDetails("SAVED", "Saved mug", "1234567890123", null, 0.35m, 12.5m, true), Now, 3));
        // More rows than one statement carries, so the chunking and the key matching across statements are exercised.
        var products = Enumerable.Range(1, 400).Select(i => new Product(
            new ProductDetails($"BULK-{i:D4}", $"Mug {i}", i % 2 == 0 ? "4006381333931" : null, null, 0.125m * i, 9.9999m + i, i % 3 != 0,
                i % 4 == 0 ? "BULK" : null, i % 4 == 0 ? "Size: M" : null, SkuGenerated: i % 5 == 0), Now, 3)).ToList();

        await Database.Contexts.RunInTransactionAsync(async db =>
        {
            await BulkInsert.InsertAndAttachAsync(db, products, nameof(Product.Sku), CancellationToken.None);
            products.ShouldAllBe(p => db.Entry(p).State == EntityState.Unchanged);
            // Attached products save later changes like any loaded product.
            products[0].SetSold(false, Now.AddMinutes(1));
            await db.SaveChangesAsync();
        });

        products.Select(p => p.Id).Distinct().Count().ShouldBe(400);
        products.ShouldAllBe(p => p.Id > saved.Id);
        var stored = await Database.QueryAsync(db => db.Products.AsNoTracking().Where(p => p.Id != saved.Id).ToDictionaryAsync(p => p.Id));
        foreach (var product in products)
        {
            var row = stored[product.Id];
            (row.Sku, row.Name, row.Ean13, row.Upc, row.Weight, row.Price).ShouldBe((product.Sku, product.Name, product.Ean13, product.Upc, product.Weight, product.Price));
            (row.Active, row.ParentReference, row.AttributeLabel, row.SkuGenerated, row.CatalogSourceIntegrationId)
                .ShouldBe((product.Active, product.ParentReference, product.AttributeLabel, product.SkuGenerated, 3));
            (row.CreatedAt, row.UpdatedAt).ShouldBe((product.CreatedAt, product.UpdatedAt));
            row.CreatedAt.Kind.ShouldBe(DateTimeKind.Utc);
        }
        // Stored like SaveChanges stores them: queries on decimals and dates find the bulk rows with the saved one.
        (await Database.QueryAsync(db => db.Products.CountAsync(p => p.Price >= 12.5m && p.CreatedAt == Now))).ShouldBe(400 - 2 + 1);
    }

    [Fact]
    public async Task Inserted_links_keep_their_kind_and_state_and_a_duplicate_shop_key_is_refused()
    {
        var store = await Database.InsertAsync(new Store("Main store", "MAIN", new Warehouse("Main", "MAIN")));
        var integration = await Database.InsertAsync(new Integration("Shop", "PrestaShop", "https://shop.example", store.Id, Now));
        var links = Enumerable.Range(1, 300)
            .Select(i => new ExternalLink(integration.Id, ExternalLinkKind.Product, $"{i}-0", i, Now, active: i % 2 == 0)).ToList();

        await Database.Contexts.RunInTransactionAsync(db => BulkInsert.InsertAsync(db, links, CancellationToken.None));

        var stored = await Database.QueryAsync(db => db.ExternalLinks.AsNoTracking().OrderBy(l => l.LocalId).ToListAsync());
        stored.Count.ShouldBe(300);
        stored.ShouldAllBe(l => l.Kind == ExternalLinkKind.Product && l.IntegrationId == integration.Id && l.SyncedAt == Now);
        stored.Count(l => !l.Active).ShouldBe(150);
        stored[41].ExternalId.ShouldBe("42-0");

        var twin = new ExternalLink(integration.Id, ExternalLinkKind.Product, "42-0", 9999, Now);
        await Should.ThrowAsync<Exception>(() => Database.Contexts.RunInTransactionAsync(db => BulkInsert.InsertAsync(db, [twin], CancellationToken.None)));
        (await Database.QueryAsync(db => db.ExternalLinks.CountAsync())).ShouldBe(300);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBulkInsertTests(SqliteDatabaseFixture database) : BulkInsertTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerBulkInsertTests(SqlServerDatabaseFixture database) : BulkInsertTests(database);

internal static class TransactionRunner
{
    /// <summary>Runs <paramref name="work"/> in a transaction on a fresh context, as a page of intake does (UnitOfWork).</summary>
    public static Task RunInTransactionAsync(this IDbContextFactory<ConnectDbContext> contexts, Func<ConnectDbContext, Task> work) =>
        Sync.UnitOfWork.RunAsync(contexts, async db => { await work(db); return true; }, CancellationToken.None);
}
