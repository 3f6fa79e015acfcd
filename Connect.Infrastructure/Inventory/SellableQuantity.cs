using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Inventory;

/// <summary>
/// Why a shop is offered a quantity: what the export warehouses have available (on hand minus reserved), minus what
/// open orders promise without a reservation yet (Backorder / Partial / On hold lines), minus what orders parked for
/// Retry promise. Never below zero.
/// </summary>
public sealed record SellableParts(int ProductId, int Available, int Promised, int Waiting)
{
    public int Sellable => Math.Max(0, Available - Promised - Waiting);

    public static SellableParts None(int productId) => new(productId, 0, 0, 0);
}

/// <summary>
/// The quantity Connect offers a shop for sale, platform-neutral and set-based: three grouped queries whatever the
/// number of products, so the stock check of 25,000 SKUs costs the same as one product.
/// </summary>
public sealed class SellableQuantity(IDbContextFactory<ConnectDbContext> contexts)
{
    private static readonly OrderStatus[] OpenStatuses = [OrderStatus.Valid, OrderStatus.PartiallyShipped, OrderStatus.OnHold];

    /// <summary>The parts of the given products for an integration; a product without stock or orders gets zeros.</summary>
    public async Task<IReadOnlyDictionary<int, SellableParts>> ForProductsAsync(int integrationId, IReadOnlyCollection<int> productIds, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var ids = productIds.Distinct().ToList();
        return await PartsAsync(db, integrationId, db.Products.Where(p => ids.Contains(p.Id)).Select(p => p.Id), ids, ct);
    }

    /// <summary>The parts of every product the integration links (what the stock check and the import compare).</summary>
    public async Task<IReadOnlyDictionary<int, SellableParts>> ForLinkedProductsAsync(int integrationId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var linked = db.ExternalLinks.Where(l => l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product).Select(l => l.LocalId);
        return await PartsAsync(db, integrationId, linked, await linked.Distinct().ToListAsync(ct), ct);
    }

    /// <summary>
    /// The warehouses whose stock an integration sells: its export warehouses, or, when none is chosen, the default
    /// warehouse of the store its orders go to (the stock its orders will reserve).
    /// </summary>
    public static async Task<IReadOnlyList<int>> ExportWarehousesAsync(ConnectDbContext db, Integration integration, CancellationToken ct)
    {
        if (integration.Settings.StockExportWarehouseIds is { Count: > 0 } chosen) return chosen;
        var storeId = integration.Settings.ImportOrdersToStoreId ?? integration.StoreId;
        return await db.Stores.Where(s => s.Id == storeId).Select(s => s.DefaultWarehouseId).ToListAsync(ct);
    }

    private static async Task<IReadOnlyDictionary<int, SellableParts>> PartsAsync(ConnectDbContext db, int integrationId, IQueryable<int> products,
        IReadOnlyCollection<int> productIds, CancellationToken ct)
    {
        var integration = await db.Integrations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == integrationId, ct)
            ?? throw new InvalidOperationException($"Integration #{integrationId} does not exist; it may have been deleted.");
        var warehouses = (await ExportWarehousesAsync(db, integration, ct)).ToList();

        var available = await db.StockLevels
            .Where(s => warehouses.Contains(s.WarehouseId) && products.Contains(s.ProductId))
            .GroupBy(s => s.ProductId)
            .Select(g => new { ProductId = g.Key, Quantity = g.Sum(s => s.OnHand - s.Reserved) })
            .ToDictionaryAsync(x => x.ProductId, x => x.Quantity, ct);

        // Orders of stores that ship from these warehouses will take their stock from them once it arrives.
        var promised = await (
                from line in db.OrderLines
                join order in db.Orders on line.OrderId equals order.Id
                join store in db.Stores on order.StoreId equals store.Id
                where OpenStatuses.Contains(order.Status) && warehouses.Contains(store.DefaultWarehouseId)
                      && line.ProductId != null && products.Contains(line.ProductId.Value)
                      && line.Quantity - line.QuantityShipped - line.QuantityReserved > 0
                group line by line.ProductId!.Value into g
                select new { ProductId = g.Key, Quantity = g.Sum(l => l.Quantity - l.QuantityShipped - l.QuantityReserved) })
            .ToDictionaryAsync(x => x.ProductId, x => x.Quantity, ct);

        var waiting = await (
                from line in db.Set<WaitingOrderLine>()
                join order in db.WaitingOrders on line.WaitingOrderId equals order.Id
                join store in db.Stores on order.StoreId equals store.Id
                where warehouses.Contains(store.DefaultWarehouseId) && line.ProductId != null && products.Contains(line.ProductId.Value)
                group line by line.ProductId!.Value into g
                select new { ProductId = g.Key, Quantity = g.Sum(l => l.Quantity) })
            .ToDictionaryAsync(x => x.ProductId, x => x.Quantity, ct);

        return productIds.Distinct().ToDictionary(id => id, id => new SellableParts(id,
            available.GetValueOrDefault(id), promised.GetValueOrDefault(id), waiting.GetValueOrDefault(id)));
    }
}
