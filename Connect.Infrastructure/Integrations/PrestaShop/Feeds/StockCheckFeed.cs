using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Inventory;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Stock check (daily): reads every stock row of the shop (five fields, pages of 1,000 in parallel), compares each
/// linked SKU with Connect's sellable quantity and logs every difference. When the integration is Live it also writes
/// the differences (a quantity changed in the shop behind Connect's back, a lost write); before Live it only reports.
/// Counts: processed = checked, updated = corrected, failed = not corrected (no row, refused write), skipped = equal (and, before Live, different).
/// </summary>
public sealed class StockCheckFeed(ICatalogClientSource clients, IDbContextFactory<ConnectDbContext> contexts, SellableQuantity sellable,
    StockFeedOptions options, TimeProvider time) : PrestaShopCatalogFeed(clients)
{
    public override FeedKind Kind => FeedKind.StockCheck;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var integration = await StockFeedData.IntegrationAsync(contexts, run.IntegrationId, ct);
        var shopRows = await new StockRows(client, integration.ShopId, options).AllAsync(StockRows.CheckFields, ct);
        var links = await StockLinks.ByKeyAsync(contexts, integration.Id, ct);
        var parts = await sellable.ForLinkedProductsAsync(integration.Id, ct);
        Dictionary<int, string> skus;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var ids = links.Values.ToList();
            skus = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
        }

        var tally = new FeedTally();
        var differences = new List<StockWrite>();
        var found = new Dictionary<int, int?>(); // what the shop showed, kept for the inventory sync view
        foreach (var (key, productId) in links.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            tally.Processed++;
            var connect = parts.GetValueOrDefault(productId)?.Sellable ?? 0;
            var sku = skus.GetValueOrDefault(productId, key);
            found[productId] = shopRows.TryGetValue(key, out var row) ? row.Quantity : null;
            if (row is null)
            {
                tally.Failed++;
                await run.LogAsync(FeedLogLevel.Warning, $"SKU {sku}: the shop has no stock row for {key}. Run Update products if it was deleted in PrestaShop.", key, "product", productId);
                continue;
            }
            if (row.Quantity == connect)
            {
                tally.Unchanged++;
                continue;
            }
            await run.LogAsync(FeedLogLevel.Warning, $"SKU {sku}: the shop shows {row.Quantity}, Connect sells {connect}." +
                (integration.IsLive ? "" : " Not corrected: the integration is not Live yet."), key, "product", productId);
            differences.Add(new StockWrite(productId, key, row, connect));
        }

        await StockWriter.RecordCheckAsync(contexts, integration.Id, found, time.GetUtcNow().UtcDateTime, ct);

        if (integration.IsLive && differences.Count > 0)
        {
            var outcomes = await StockWriter.WriteAsync(client, differences, ct);
            await StockWriter.RecordAsync(contexts, integration.Id, outcomes, time.GetUtcNow().UtcDateTime, ct);
            foreach (var outcome in outcomes)
            {
                if (outcome.Result == StockWriteResult.Failed)
                {
                    tally.Failed++;
                    await run.LogAsync(FeedLogLevel.Error, outcome.Error!, outcome.Write.Key, "product", outcome.Write.ProductId);
                }
                else tally.Updated++;
            }
        }
        else tally.Skipped += differences.Count;

        var corrected = tally.Updated;
        var message = $"Checked {tally.Processed}, different {differences.Count}, corrected {corrected}";
        run.Report(tally.Counts, tally.Processed, message);
        await run.LogAsync(FeedLogLevel.Info, message);
        return tally.Counts;
    }
}
