using System.Security.Claims;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Inventory;

public enum StockFilter { All, Low, Negative }

/// <summary>What the stock page asks for: a search on SKU, name or barcode, a warehouse, low or negative available, a page.</summary>
public sealed record StockListQuery(string? Search = null, int? WarehouseId = null, StockFilter Filter = StockFilter.All, int LowThreshold = 5,
    int Skip = 0, int Take = 50);

public sealed record StockListRow(int ProductId, string Sku, string Name, string? Barcode, int WarehouseId, string Warehouse, int OnHand, int Reserved)
{
    public int Available => OnHand - Reserved;
}

public sealed record StockPage(IReadOnlyList<StockListRow> Rows, int Total);

public sealed record WarehouseChoice(int Id, string Code, string Name);

/// <summary>One integration's view of a product: what it is offered, why, and what was last written to the shop.</summary>
public sealed record IntegrationStock(int IntegrationId, string Integration, bool IsLive, SellableParts Parts, int? LastExported, DateTime? LastExportedAt,
    bool Pending, string? LastError);

public sealed record ProductStock(IReadOnlyList<StockListRow> Levels, IReadOnlyList<StockMovement> Movements, IReadOnlyList<IntegrationStock> Integrations);

/// <summary>Reads for the stock page and the product page. Stock is shared by every store, so every signed-in user sees it.</summary>
public sealed class StockQueries(IDbContextFactory<ConnectDbContext> contexts, SellableQuantity sellable)
{
    public async Task<IReadOnlyList<WarehouseChoice>> WarehousesAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Warehouses.AsNoTracking().Where(w => w.Active).OrderBy(w => w.Code).Select(w => new WarehouseChoice(w.Id, w.Code, w.Name)).ToListAsync(ct);
    }

    /// <summary>
    /// One page of product × warehouse rows (a product without stock in a warehouse shows zeros there, so it can be
    /// counted or received), paged in the database so 100,000 rows cost one page.
    /// </summary>
    public async Task<StockPage> ListAsync(StockListQuery query, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows =
            from p in db.Products
            from w in db.Warehouses
            where w.Active
            join s in db.StockLevels on new { ProductId = p.Id, WarehouseId = w.Id } equals new { s.ProductId, s.WarehouseId } into levels
            from s in levels.DefaultIfEmpty()
            select new { p.Id, p.Sku, p.Name, p.Ean13, p.Upc, WarehouseId = w.Id, w.Code, Warehouse = w.Name, OnHand = s == null ? 0 : s.OnHand, Reserved = s == null ? 0 : s.Reserved };
        if (query.WarehouseId is { } warehouseId) rows = rows.Where(r => r.WarehouseId == warehouseId);
        if (query.Search?.Trim() is { Length: > 0 } search)
        {
            var pattern = $"%{search}%";
            rows = rows.Where(r => EF.Functions.Like(r.Sku, pattern) || EF.Functions.Like(r.Name, pattern)
                                   || (r.Ean13 != null && r.Ean13 == search) || (r.Upc != null && r.Upc == search));
        }
        rows = query.Filter switch
        {
            StockFilter.Low => rows.Where(r => r.OnHand - r.Reserved <= query.LowThreshold),
            StockFilter.Negative => rows.Where(r => r.OnHand - r.Reserved < 0),
            _ => rows,
        };
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(r => r.Sku).ThenBy(r => r.Id).ThenBy(r => r.Code)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 500))
            .Select(r => new StockListRow(r.Id, r.Sku, r.Name, r.Ean13 ?? r.Upc, r.WarehouseId, r.Warehouse, r.OnHand, r.Reserved))
            .ToListAsync(ct);
        return new StockPage(page, total);
    }

    /// <summary>A product's stock per warehouse, its latest movements, and per visible integration its sellable quantity.</summary>
    public async Task<ProductStock> ProductAsync(ClaimsPrincipal user, int productId, int movements = 100, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var levels = (await ListAsync(new StockListQuery(Take: 500) , productId, db, ct));
        var history = await db.StockMovements.AsNoTracking().Where(m => m.ProductId == productId)
            .OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Take(movements).ToListAsync(ct);
        var integrations = await (
                from l in db.ExternalLinks
                join i in db.Integrations on l.IntegrationId equals i.Id
                where l.Kind == ExternalLinkKind.Product && l.LocalId == productId
                select new { i.Id, i.Name, i.IsLive, i.StoreId })
            .ToListAsync(ct);
        var exports = await db.StockExportRequests.AsNoTracking().Where(r => r.ProductId == productId).ToDictionaryAsync(r => r.IntegrationId, ct);
        var result = new List<IntegrationStock>();
        foreach (var integration in integrations.Where(i => user.CanSee(i.StoreId)).DistinctBy(i => i.Id).OrderBy(i => i.Name))
        {
            var parts = (await sellable.ForProductsAsync(integration.Id, [productId], ct))[productId];
            var export = exports.GetValueOrDefault(integration.Id);
            result.Add(new IntegrationStock(integration.Id, integration.Name, integration.IsLive, parts, export?.LastExportedQuantity, export?.LastExportedAt,
                export?.IsPending ?? false, export?.LastError));
        }
        return new ProductStock(levels, history, result);
    }

    private static async Task<List<StockListRow>> ListAsync(StockListQuery query, int productId, ConnectDbContext db, CancellationToken ct) =>
        await (from w in db.Warehouses
               where w.Active
               join s in db.StockLevels.Where(s => s.ProductId == productId) on w.Id equals s.WarehouseId into levels
               from s in levels.DefaultIfEmpty()
               join p in db.Products on productId equals p.Id
               orderby w.Code
               select new StockListRow(p.Id, p.Sku, p.Name, p.Ean13, w.Id, w.Name, s == null ? 0 : s.OnHand, s == null ? 0 : s.Reserved))
            .Take(query.Take).ToListAsync(ct);
}
