using Connect.Domain.Stores;
using Connect.Infrastructure.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connect.Infrastructure.Persistence;

/// <summary>Brings the database to the current schema at start and gives a new installation its first store.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<ConnectDbContext> contexts, ProductMerge productMerge, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }

        // SQLite: a write-ahead log makes a commit one sync instead of several (a feed commits every page and its checkpoint)
        // and lets the portal read while a feed writes. The mode is stored in the database file.
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        // Databases from before shared SKUs hold one product per shop for the same SKU: fold them (or list what needs a person).
        await productMerge.RunAsync(cancellationToken);

        if (!await db.Stores.AnyAsync(cancellationToken))
        {
            // A fresh installation: one warehouse and one store, so an integration can be created straight away.
            // One save, so one transaction: a start that stops half-way never leaves a warehouse without its store.
            db.Stores.Add(new Store("Main store", "MAIN", new Warehouse("Main warehouse", "MAIN")));
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Created the default store and warehouse.");
        }
    }
}
