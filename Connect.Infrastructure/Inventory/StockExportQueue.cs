using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Domain.Sync;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Connect.Infrastructure.Inventory;

/// <summary>
/// Asks for a stock export of every product whose sellable quantity a save changes, for every integration that links
/// it, as part of that same save (so in the same transaction). <see cref="ConnectDbContext"/> calls it from every
/// SaveChanges, so no service, feed or page can forget it. It costs nothing when no stock-relevant entity changed, and
/// two or three small queries otherwise.
/// </summary>
internal static class StockExportQueue
{
    /// <summary>Adds or re-arms the export rows; true when at least one was asked for.</summary>
    public static async Task<bool> EnqueueAsync(ConnectDbContext db, bool async, CancellationToken ct)
    {
        var (productIds, ordersToRead, waitingOrdersToRead) = AffectedProducts(db.ChangeTracker);
        if (productIds.Count == 0 && ordersToRead.Count == 0 && waitingOrdersToRead.Count == 0) return false;

        // Lines not loaded with their order (a status change, a deleted waiting order) are read from the database.
        if (ordersToRead.Count > 0)
            productIds.UnionWith(await List(db.OrderLines.Where(l => ordersToRead.Contains(l.OrderId) && l.ProductId != null)
                .Select(l => l.ProductId!.Value).Distinct(), async, ct));
        if (waitingOrdersToRead.Count > 0)
            productIds.UnionWith(await List(db.Set<WaitingOrderLine>().Where(l => waitingOrdersToRead.Contains(l.WaitingOrderId) && l.ProductId != null)
                .Select(l => l.ProductId!.Value).Distinct(), async, ct));
        // Products a bulk write already asked for in this same transaction (an order page's reserved stock): re-arming them
        // again would count twice and cost one UPDATE each.
        if (db.StockExportsAskedInBulk is { } asked && asked.Transaction == db.Database.CurrentTransaction?.TransactionId)
            productIds.ExceptWith(asked.Products);
        return await EnqueueProductsAsync(db, productIds, async, ct);
    }

    /// <summary>
    /// Asks for the export of these products, for a write that bypasses the change tracker (orders inserted in bulk, see
    /// <see cref="Persistence.BulkInsert"/>), with two statements instead of one per product: the existing requests are
    /// re-armed (<see cref="StockExportRequest.Again"/>) by one UPDATE, the missing ones inserted by multi-row INSERTs. Runs in
    /// the caller's transaction, which the later saves of that transaction know; the export is woken once it commits. True when
    /// at least one was asked for.
    /// </summary>
    public static async Task<bool> EnqueueForProductsAsync(ConnectDbContext db, IReadOnlyCollection<int> productIds, CancellationToken ct)
    {
        if (productIds.Count == 0) return false;
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Ask for bulk stock exports inside the transaction that writes the rows.");
        var ids = productIds.Distinct().ToList();
        var links = await db.ExternalLinks.AsNoTracking().Where(l => l.Kind == ExternalLinkKind.Product && ids.Contains(l.LocalId))
            .Select(l => new { l.IntegrationId, ProductId = l.LocalId }).Distinct().ToListAsync(ct);
        if (links.Count == 0) return false;
        var integrations = links.Select(l => l.IntegrationId).Distinct().ToList();
        var now = DateTime.UtcNow;
        var existing = (await db.StockExportRequests.AsNoTracking().Where(r => ids.Contains(r.ProductId) && integrations.Contains(r.IntegrationId))
            .Select(r => new { r.IntegrationId, r.ProductId }).ToListAsync(ct)).ToHashSet();
        // The same change as Again, set-based: due at once, one more version to handle.
        await db.StockExportRequests.Where(r => ids.Contains(r.ProductId) && integrations.Contains(r.IntegrationId))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Version, r => r.Version + 1).SetProperty(r => r.RequestedAt, now)
                .SetProperty(r => r.NextAttemptAt, (DateTime?)null), ct);
        await Persistence.BulkInsert.InsertAsync(db, links.Where(l => !existing.Contains(l))
            .Select(l => new StockExportRequest(l.IntegrationId, l.ProductId, now)).ToList(), ct);
        db.StockExportAsked = true;
        db.StockExportsAskedInBulk = db.StockExportsAskedInBulk is { } earlier && earlier.Transaction == transaction.TransactionId
            ? (transaction.TransactionId, [.. earlier.Products, .. ids])
            : (transaction.TransactionId, [.. ids]);
        return true;
    }

    private static async Task<bool> EnqueueProductsAsync(ConnectDbContext db, HashSet<int> productIds, bool async, CancellationToken ct)
    {
        if (productIds.Count == 0) return false;

        var ids = productIds.ToList();
        var links = await List(db.ExternalLinks.Where(l => l.Kind == ExternalLinkKind.Product && ids.Contains(l.LocalId))
            .Select(l => new { l.IntegrationId, ProductId = l.LocalId }).Distinct(), async, ct);
        if (links.Count == 0) return false;

        // Loading tracks the rows, so Local then holds every existing row of these products.
        await List(db.StockExportRequests.Where(r => ids.Contains(r.ProductId)), async, ct);
        // Rows this very save deletes count too (a product folded into another one drops its requests): never add a twin.
        var existing = new Dictionary<(int, int), StockExportRequest>();
        foreach (var entry in db.ChangeTracker.Entries<StockExportRequest>())
            existing.TryAdd((entry.Entity.IntegrationId, entry.Entity.ProductId), entry.Entity);
        var now = DateTime.UtcNow;
        foreach (var link in links)
        {
            if (existing.TryGetValue((link.IntegrationId, link.ProductId), out var request))
            {
                if (db.Entry(request).State == EntityState.Deleted) continue;
                // Already asked for in this very save: one more Again would only count twice.
                if (db.Entry(request).State != EntityState.Added && !db.Entry(request).Property(r => r.Version).IsModified)
                    request.Again(now);
            }
            else
                db.StockExportRequests.Add(new StockExportRequest(link.IntegrationId, link.ProductId, now));
        }
        return true;
    }

    private static (HashSet<int> Products, List<int> Orders, List<long> WaitingOrders) AffectedProducts(ChangeTracker tracker)
    {
        var products = new HashSet<int>();
        var orders = new List<int>();
        var waitingOrders = new List<long>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case StockLevel when entry.State != EntityState.Modified || Changed(entry, nameof(StockLevel.OnHand), nameof(StockLevel.Reserved)):
                    Add(products, entry, nameof(StockLevel.ProductId));
                    break;
                case OrderLine when entry.State != EntityState.Modified
                    || Changed(entry, nameof(OrderLine.Quantity), nameof(OrderLine.QuantityReserved), nameof(OrderLine.QuantityShipped), nameof(OrderLine.ProductId)):
                    Add(products, entry, nameof(OrderLine.ProductId));
                    break;
                case Order order when entry.State != EntityState.Modified || Changed(entry, nameof(Order.Status)):
                    // Whether the order still promises its unreserved quantities depends on its status.
                    if (order.Lines.Count > 0)
                        foreach (var line in order.Lines.Where(l => l.ProductId is not null)) products.Add(line.ProductId!.Value);
                    else if (entry.State != EntityState.Added)
                        orders.Add(order.Id);
                    break;
                case WaitingOrder waiting when entry.State != EntityState.Modified:
                    if (waiting.Lines.Count > 0)
                        foreach (var line in waiting.Lines.Where(l => l.ProductId is not null)) products.Add(line.ProductId!.Value);
                    else if (entry.State == EntityState.Deleted)
                        waitingOrders.Add(waiting.Id);
                    break;
                case WaitingOrderLine:
                    Add(products, entry, nameof(WaitingOrderLine.ProductId));
                    break;
            }
        }
        return (products, orders, waitingOrders);
    }

    private static bool Changed(EntityEntry entry, params string[] properties) => properties.Any(p => entry.Property(p).IsModified);

    /// <summary>The product before and after the change: a line moved to another product changes both.</summary>
    private static void Add(HashSet<int> products, EntityEntry entry, string property)
    {
        var p = entry.Property(property);
        if (entry.State != EntityState.Deleted && p.CurrentValue is int current) products.Add(current);
        if (entry.State != EntityState.Added && p.OriginalValue is int original) products.Add(original);
    }

    private static async Task<List<T>> List<T>(IQueryable<T> query, bool async, CancellationToken ct) =>
        async ? await query.ToListAsync(ct) : query.ToList();
}
