using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Mapping;
using Connect.Infrastructure.Inventory;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Stock level export: takes the integration's due export requests (however many changes each product had, it is one
/// request), computes their sellable quantities, reads their stock rows in sets, and writes each changed quantity to
/// the exact row (the combination's row, or the product's row for a product without combinations; the integration's
/// shop's row in multistore). PrestaShop then recomputes the product's own row of a product with combinations as the
/// sum of its combination rows. It keeps taking requests until none is due, so changes made while it runs go out in
/// the same run.
/// </summary>
public sealed class StockLevelExportFeed(ICatalogClientSource clients, IDbContextFactory<ConnectDbContext> contexts, SellableQuantity sellable,
    StockFeedOptions options, TimeProvider time) : PrestaShopCatalogFeed(clients)
{
    // A bound on passes keeps a shop that fails every write from holding the run forever; the next run goes on.
    private const int MaxPasses = 200;

    public override FeedKind Kind => FeedKind.StockLevelExport;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var integration = await StockFeedData.IntegrationAsync(contexts, run.IntegrationId, ct);
        if (!integration.IsLive)
            throw new FeedFatalException("Stock level export writes to the shop, so it runs only when the integration is Live. Turn Live on in the Configuration tab first.");
        var rows = new StockRows(client, integration.ShopId, options);
        var tally = new FeedTally();
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var due = await DueAsync(integration.Id, ct);
            if (due.Count == 0) break;
            await ExportAsync(client, run, rows, integration, due, tally, ct);
            run.Report(tally.Counts, message: $"Exported {tally.Updated}, unchanged {tally.Unchanged}, failed {tally.Failed}");
        }
        return tally.Counts;
    }

    private async Task<List<(int ProductId, long Version)>> DueAsync(int integrationId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return (await db.StockExportRequests.AsNoTracking()
                .Where(r => r.IntegrationId == integrationId && r.Version > r.HandledVersion && (r.NextAttemptAt == null || r.NextAttemptAt <= now))
                .OrderBy(r => r.RequestedAt).Take(options.ExportBatchSize)
                .Select(r => new { r.ProductId, r.Version }).ToListAsync(ct))
            .Select(r => (r.ProductId, r.Version)).ToList();
    }

    private async Task ExportAsync(PrestaShopClient client, ICatalogFeedRun run, StockRows rows, Integration integration,
        List<(int ProductId, long Version)> due, FeedTally tally, CancellationToken ct)
    {
        var ids = due.Select(d => d.ProductId).ToList();
        Dictionary<int, string> keys;
        await using (var db = await contexts.CreateDbContextAsync(ct))
            keys = await db.ExternalLinks.AsNoTracking()
                .Where(l => l.IntegrationId == integration.Id && l.Kind == ExternalLinkKind.Product && ids.Contains(l.LocalId))
                .ToDictionaryAsync(l => l.LocalId, l => l.ExternalId, ct);
        var parts = await sellable.ForProductsAsync(integration.Id, ids, ct);
        var shopProducts = keys.Values.Select(k => ProductKeys.TryParse(k, out var p, out _) ? p : 0).Where(p => p > 0);
        var shopRows = await rows.ForProductsAsync(shopProducts, StockRows.ExportFields, ct);

        var writes = new List<StockWrite>();
        var unlinked = new List<StockWriteOutcome>();
        foreach (var (productId, version) in due)
        {
            if (!keys.TryGetValue(productId, out var key))
            {
                // The product is no longer linked to this shop: there is nothing to write, so the request is done.
                unlinked.Add(new(new StockWrite(productId, "", null, 0, version), StockWriteResult.NotLinked));
                continue;
            }
            writes.Add(new StockWrite(productId, key, shopRows.GetValueOrDefault(key), parts[productId].Sellable, version));
        }
        var outcomes = await StockWriter.WriteAsync(client, writes, ct);
        await StockWriter.RecordAsync(contexts, integration.Id, [.. outcomes, .. unlinked], time.GetUtcNow().UtcDateTime, ct);

        foreach (var outcome in outcomes.OrderBy(o => o.Write.Key, StringComparer.Ordinal))
        {
            tally.Processed++;
            switch (outcome.Result)
            {
                case StockWriteResult.Written: tally.Updated++; break;
                case StockWriteResult.Unchanged: tally.Unchanged++; break;
                default:
                    tally.Failed++;
                    await run.LogAsync(FeedLogLevel.Error, outcome.Error!, outcome.Write.Key, "product", outcome.Write.ProductId);
                    break;
            }
        }
        tally.Processed += unlinked.Count;
        // No longer linked to this shop: nothing to write, the request is simply done.
        tally.Unchanged += unlinked.Count;
    }
}
