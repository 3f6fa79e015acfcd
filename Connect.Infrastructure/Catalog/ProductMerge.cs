using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Domain.Sync;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connect.Infrastructure.Catalog;

/// <summary>What one merge pass did: products folded into another of the same SKU, and SKUs left for a person.</summary>
public sealed record ProductMergeReport(int Merged, IReadOnlyList<string> Conflicts);

/// <summary>
/// Brings a database from before shared SKUs to "one SKU, one product": active products with the same SKU that came from
/// different integrations are folded into the oldest one, keeping every shop link, stock row (summed per warehouse), stock
/// movement, order line, waiting-order line, image, supplier offer and stock export request. Products of one SKU that the
/// same integration links twice cannot be merged safely (two shop products, one reference): they are listed for a person.
/// Runs at start-up; a database with nothing to merge or fill costs one read-only query, and no transaction.
/// </summary>
public sealed class ProductMerge(IDbContextFactory<ConnectDbContext> contexts, TimeProvider clock, ILogger<ProductMerge> logger)
{
    public async Task<ProductMergeReport> RunAsync(CancellationToken ct)
    {
        if (!await AnythingToDoAsync(ct)) return new ProductMergeReport(0, []);
        var report = await UnitOfWork.RunAsync(contexts, async db =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await FillCatalogSourcesAsync(db, ct);
            var skus = await db.Products.Where(p => p.Active).GroupBy(p => p.Sku).Where(g => g.Count() > 1).Select(g => g.Key).ToListAsync(ct);
            if (skus.Count == 0) return new ProductMergeReport(0, []);

            var products = await db.Products.Where(p => p.Active && skus.Contains(p.Sku)).OrderBy(p => p.Id).ToListAsync(ct);
            var ids = products.Select(p => p.Id).ToList();
            var links = await db.ExternalLinks.Where(l => l.Kind == ExternalLinkKind.Product && ids.Contains(l.LocalId)).ToListAsync(ct);
            var names = await db.Integrations.ToDictionaryAsync(i => i.Id, i => i.Name, ct);
            int merged = 0;
            var conflicts = new List<string>();
            foreach (var group in products.GroupBy(p => p.Sku))
            {
                var members = group.ToList();
                var groupLinks = links.Where(l => members.Any(m => m.Id == l.LocalId)).ToList();
                var twice = groupLinks.GroupBy(l => l.IntegrationId).Where(g => g.Count() > 1).ToList();
                if (twice.Count > 0)
                {
                    var shops = string.Join("; ", twice.Select(g => $"{names.GetValueOrDefault(g.Key)}: {string.Join(", ", g.Select(l => ProductIntake.Describe(l.ExternalId)))}"));
                    conflicts.Add($"SKU {group.Key} is used by several products of one shop ({shops}); Connect products {string.Join(", ", members.Select(m => $"#{m.Id}"))} were not merged. "
                        + "Give each of those shop products its own reference in PrestaShop (or, for combinations, leave the reference empty), then run Update products.");
                    continue;
                }
                var keep = members[0];
                foreach (var other in members.Skip(1))
                {
                    await FoldAsync(db, keep, other, now, ct);
                    foreach (var link in groupLinks.Where(l => l.LocalId == other.Id)) link.Relink(keep.Id, now);
                    merged++;
                }
                await RequestExportsAsync(db, keep.Id, groupLinks.Select(l => l.IntegrationId), now, ct);
            }
            await db.SaveChangesAsync(ct);
            return new ProductMergeReport(merged, conflicts);
        }, ct);

        if (report.Merged > 0) logger.LogInformation("Merged {Count} product(s) whose SKU was sold by several shops into one product each.", report.Merged);
        foreach (var conflict in report.Conflicts) logger.LogWarning("Duplicate SKU needs a person: {Conflict}", conflict);
        return report;
    }

    /// <summary>Points everything of <paramref name="other"/> at <paramref name="keep"/>; the emptied product stays, inactive, for history.</summary>
    private static async Task FoldAsync(ConnectDbContext db, Product keep, Product other, DateTime now, CancellationToken ct)
    {
        var (from, to) = (other.Id, keep.Id);
        var levels = await db.StockLevels.Where(s => s.ProductId == from || s.ProductId == to).ToListAsync(ct);
        foreach (var level in levels.Where(s => s.ProductId == from))
        {
            var same = levels.FirstOrDefault(s => s.ProductId == to && s.WarehouseId == level.WarehouseId);
            if (same is null) continue;
            same.Absorb(level, now);
            db.StockLevels.Remove(level);
        }
        await db.SaveChangesAsync(ct);
        await db.StockLevels.Where(s => s.ProductId == from).ExecuteUpdateAsync(s => s.SetProperty(x => x.ProductId, to), ct);
        await db.StockMovements.Where(s => s.ProductId == from).ExecuteUpdateAsync(s => s.SetProperty(x => x.ProductId, to), ct);
        await db.OrderLines.Where(s => s.ProductId == from).ExecuteUpdateAsync(s => s.SetProperty(x => x.ProductId, to), ct);
        await db.Set<WaitingOrderLine>().Where(s => s.ProductId == from).ExecuteUpdateAsync(s => s.SetProperty(x => x.ProductId, to), ct);
        await db.ProductImages.Where(s => s.ProductId == from).ExecuteUpdateAsync(s => s.SetProperty(x => x.ProductId, to), ct);
        // One offer per supplier and product: an offer the kept product already has from that supplier stays with the old one.
        await db.ProductSuppliers.Where(s => s.ProductId == from && !db.ProductSuppliers.Any(k => k.ProductId == to && k.SupplierId == s.SupplierId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ProductId, to), ct);
        // The old product's pending exports go; the kept product's quantity changed for every shop (see RequestExports).
        db.StockExportRequests.RemoveRange(await db.StockExportRequests.Where(r => r.ProductId == from).ToListAsync(ct));
        other.SetSold(false, now);
    }

    /// <summary>One pending stock export per shop selling the merged product, so each shop gets the summed quantity.</summary>
    private static async Task RequestExportsAsync(ConnectDbContext db, int productId, IEnumerable<int> integrationIds, DateTime now, CancellationToken ct)
    {
        var pending = await db.StockExportRequests.Where(r => r.ProductId == productId).Select(r => r.IntegrationId).ToListAsync(ct);
        foreach (var integrationId in integrationIds.Distinct().Except(pending))
            db.StockExportRequests.Add(new StockExportRequest(integrationId, productId, now));
    }

    /// <summary>A linked product without its catalog source, or two active products sharing a SKU: one query that stops at the first.</summary>
    private async Task<bool> AnythingToDoAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Products.AnyAsync(p =>
            (p.CatalogSourceIntegrationId == null && db.ExternalLinks.Any(l => l.Kind == ExternalLinkKind.Product && l.LocalId == p.Id))
            || (p.Active && db.Products.Any(q => q.Active && q.Sku == p.Sku && q.Id != p.Id)), ct);
    }

    /// <summary>Products from before catalog sources take their names from the first integration that links them.</summary>
    private static Task<int> FillCatalogSourcesAsync(ConnectDbContext db, CancellationToken ct) =>
        db.Products.Where(p => p.CatalogSourceIntegrationId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.CatalogSourceIntegrationId,
                p => db.ExternalLinks.Where(l => l.Kind == ExternalLinkKind.Product && l.LocalId == p.Id).Min(l => (int?)l.IntegrationId)), ct);
}
