using Connect.Domain.Feeds;
using Connect.Domain.Inventory;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Inventory;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Import stock levels, once at go-live: sets on hand in the configured import warehouse so that right after it the
/// sellable quantity of every linked SKU equals the shop's quantity. The shop's quantity already excludes the orders
/// it took, while Connect subtracts what its orders promise, what parked orders promise and what is reserved, so on
/// hand = shop quantity + promised + waiting + reserved here - what the other export warehouses already offer.
/// </summary>
public sealed class ImportStockLevelsFeed(ICatalogClientSource clients, IDbContextFactory<ConnectDbContext> contexts, SellableQuantity sellable,
    StockFeedOptions options, TimeProvider time) : PrestaShopCatalogFeed(clients)
{
    public override FeedKind Kind => FeedKind.ImportStockLevels;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var integration = await StockFeedData.IntegrationAsync(contexts, run.IntegrationId, ct);
        var warehouseId = integration.Settings.StockImportWarehouseId
            ?? throw new FeedFatalException("No warehouse is chosen to receive the shop's stock. Choose 'Import stock into warehouse' in the integration's Configuration tab, save, then run Import stock levels again.");
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            if (!await db.Warehouses.AnyAsync(w => w.Id == warehouseId, ct))
                throw new FeedFatalException($"The import warehouse (#{warehouseId}) no longer exists. Choose another one in the integration's Configuration tab, then run the feed again.");
            var exported = await SellableQuantity.ExportWarehousesAsync(db, integration, ct);
            if (!exported.Contains(warehouseId))
                throw new FeedFatalException("The import warehouse is not one of the warehouses whose stock this shop sells, so importing into it would not change what the shop shows. Add it to the export warehouses (or choose one of them as import warehouse) in the Configuration tab, then run the feed again.");
        }

        var shopRows = await new StockRows(client, integration.ShopId, options).AllAsync(StockRows.CheckFields, ct);
        var links = await StockLinks.ByKeyAsync(contexts, integration.Id, ct);
        var parts = await sellable.ForLinkedProductsAsync(integration.Id, ct);
        var tally = new FeedTally();
        var targets = new List<(int ProductId, string Key, int ShopQuantity)>();
        foreach (var (key, productId) in links.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (shopRows.TryGetValue(key, out var row))
                targets.Add((productId, key, row.Quantity));
            else
            {
                tally.Processed++;
                tally.Failed++;
                await run.LogAsync(FeedLogLevel.Warning,
                    $"The shop has no stock row for SKU {key}; its stock was not imported. Run Update products if the product or combination was deleted in PrestaShop.", key, "product", productId);
            }
        }

        var by = $"Import stock levels ({integration.Name})";
        foreach (var batch in targets.Chunk(options.ImportBatchSize))
        {
            var notes = await UnitOfWork.RunAsync(contexts, db => ImportBatchAsync(db, warehouseId, batch, parts, by, tally), ct);
            foreach (var (key, productId, message) in notes)
                await run.LogAsync(FeedLogLevel.Warning, message, key, "product", productId);
            run.Report(tally.Counts, targets.Count, $"Imported {tally.Updated}, unchanged {tally.Unchanged}");
        }
        return tally.Counts;
    }

    private async Task<List<(string Key, int ProductId, string Message)>> ImportBatchAsync(ConnectDbContext db, int warehouseId,
        (int ProductId, string Key, int ShopQuantity)[] batch, IReadOnlyDictionary<int, SellableParts> parts, string by, FeedTally tally)
    {
        var notes = new List<(string, int, string)>();
        var ids = batch.Select(b => b.ProductId).ToList();
        var levels = await db.StockLevels.Where(s => s.WarehouseId == warehouseId && ids.Contains(s.ProductId)).ToDictionaryAsync(s => s.ProductId);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (productId, key, shopQuantity) in batch)
        {
            tally.Processed++;
            if (!levels.TryGetValue(productId, out var level))
            {
                level = new StockLevel(productId, warehouseId);
                db.StockLevels.Add(level);
                levels[productId] = level;
            }
            var part = parts.GetValueOrDefault(productId) ?? SellableParts.None(productId);
            var elsewhere = part.Available - level.Available;
            var wanted = Math.Max(0, shopQuantity) + part.Promised + part.Waiting + level.Reserved - elsewhere;
            if (wanted < level.Reserved)
            {
                notes.Add((key, productId, $"SKU {key}: the shop shows {shopQuantity} but the other export warehouses already offer {elsewhere}; on hand here is set to what is reserved ({level.Reserved}), so Connect will offer more than the shop did. Check the stock of the other warehouses."));
                wanted = level.Reserved;
            }
            if (wanted == level.OnHand && db.Entry(level).State != EntityState.Added)
            {
                tally.Unchanged++;
                continue;
            }
            db.StockMovements.Add(level.Count(wanted, new StockChange(StockMovementReason.Import, by, now,
                $"Shop quantity {shopQuantity}; promised {part.Promised}, parked {part.Waiting}, reserved {level.Reserved}")));
            tally.Updated++;
        }
        await db.SaveChangesAsync();
        return notes;
    }
}
