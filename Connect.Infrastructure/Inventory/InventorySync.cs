using System.Security.Claims;
using Connect.Domain.Integrations;
using Connect.Domain.Sync;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Inventory;

public enum InventorySyncFilter { All, NotUpToDate, Failed }

public sealed record InventorySyncQuery(string? Search = null, InventorySyncFilter Filter = InventorySyncFilter.All, int Skip = 0, int Take = 50);

/// <summary>One linked SKU of an integration as the shop was last given it: up to date means no export is pending.</summary>
public sealed record InventorySyncRow(int ProductId, string Sku, string Name, string ShopKey, int? LastSentQuantity, DateTime? LastSentAt,
    bool UpToDate, string? LastError, DateTime? NextAttemptAt, int? CheckedShopQuantity, DateTime? CheckedAt);

public sealed record InventorySyncResult(string Integration, bool IsLive, IReadOnlyList<InventorySyncRow> Rows, int Total);

/// <summary>
/// The inventory sync view of one integration (every linked SKU with its export state, from the stock export rows) and
/// its one action, force stock sync: an export of the current sellable quantity asked for again, even when nothing
/// changed, so the next Stock level export re-reads the shop's row and writes it if it differs. Both check the user's
/// stores; forcing needs an operator or an admin.
/// </summary>
public sealed class InventorySync(IDbContextFactory<ConnectDbContext> contexts, StockExportSignal signal, TimeProvider time)
{
    /// <summary>The integrations whose inventory sync the user may see, by name.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> IntegrationsAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var all = await db.Integrations.AsNoTracking().OrderBy(i => i.Name).Select(i => new { i.Id, i.Name, i.StoreId }).ToListAsync(ct);
        return all.Where(i => user.CanSee(i.StoreId)).Select(i => (i.Id, i.Name)).ToList();
    }

    public async Task<InventorySyncResult?> PageAsync(ClaimsPrincipal user, int integrationId, InventorySyncQuery query, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().Where(i => i.Id == integrationId)
            .Select(i => new { i.Name, i.IsLive, i.StoreId }).SingleOrDefaultAsync(ct);
        if (integration is null || !user.CanSee(integration.StoreId)) return null;

        var rows = from l in db.ExternalLinks.AsNoTracking()
                   where l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product
                   join p in db.Products.AsNoTracking() on l.LocalId equals p.Id
                   join r in db.StockExportRequests.AsNoTracking().Where(r => r.IntegrationId == integrationId) on p.Id equals r.ProductId into requests
                   from r in requests.DefaultIfEmpty()
                   select new { Link = l, Product = p, Request = r };
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim();
            rows = rows.Where(x => x.Product.Sku.Contains(search));
        }
        rows = query.Filter switch
        {
            InventorySyncFilter.NotUpToDate => rows.Where(x => x.Request != null && x.Request.Version > x.Request.HandledVersion),
            InventorySyncFilter.Failed => rows.Where(x => x.Request != null && x.Request.LastError != null),
            _ => rows,
        };
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(x => x.Product.Sku).Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 500))
            .Select(x => new InventorySyncRow(x.Product.Id, x.Product.Sku, x.Product.Name, x.Link.ExternalId,
                x.Request == null ? null : x.Request.LastExportedQuantity, x.Request == null ? null : x.Request.LastExportedAt,
                x.Request == null || x.Request.Version <= x.Request.HandledVersion, x.Request == null ? null : x.Request.LastError,
                x.Request == null ? null : x.Request.NextAttemptAt,
                x.Request == null ? null : x.Request.CheckedShopQuantity, x.Request == null ? null : x.Request.CheckedAt))
            .ToListAsync(ct);
        return new InventorySyncResult(integration.Name, integration.IsLive, page, total);
    }

    /// <summary>
    /// Asks for an export of the chosen linked products (null: every linked product) even if unchanged; returns how many were
    /// asked for. Products not linked to the integration are ignored. The Stock level export takes them at once when Live.
    /// </summary>
    public async Task<int> ForceAsync(ClaimsPrincipal user, int integrationId, IReadOnlyCollection<int>? productIds, CancellationToken ct = default)
    {
        int storeId;
        List<int> linked;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            storeId = await db.Integrations.AsNoTracking().Where(i => i.Id == integrationId).Select(i => (int?)i.StoreId).SingleOrDefaultAsync(ct)
                is { } s && user.CanSee(s) ? s
                : throw new AccessDeniedException($"Integration #{integrationId} does not exist or belongs to a store you cannot see.");
            if (ConnectAccess.RefuseOperating(user, storeId) is { } refusal) throw new AccessDeniedException(refusal);
            var links = db.ExternalLinks.AsNoTracking().Where(l => l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product);
            if (productIds is not null)
            {
                var chosen = productIds.Distinct().ToList();
                links = links.Where(l => chosen.Contains(l.LocalId));
            }
            linked = await links.Select(l => l.LocalId).Distinct().ToListAsync(ct);
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var chunk in linked.Chunk(500))
        {
            // One save per chunk: each is whole, and asking again for a product already asked for is harmless.
            await using var db = await contexts.CreateDbContextAsync(ct);
            var rows = await db.StockExportRequests.Where(r => r.IntegrationId == integrationId && chunk.Contains(r.ProductId)).ToDictionaryAsync(r => r.ProductId, ct);
            foreach (var productId in chunk)
            {
                if (rows.TryGetValue(productId, out var request)) request.Again(now);
                else db.StockExportRequests.Add(new StockExportRequest(integrationId, productId, now));
            }
            await db.SaveChangesAsync(ct);
        }
        if (linked.Count > 0) signal.Notify();
        return linked.Count;
    }
}
