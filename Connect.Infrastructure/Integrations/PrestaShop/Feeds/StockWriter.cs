using System.Collections.Concurrent;
using Connect.Domain.Sync;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>What became of one product's quantity in the shop.</summary>
internal enum StockWriteResult { Written, Unchanged, Failed, NotLinked }

/// <summary>One product to put right in the shop: its row as just read, and the quantity Connect sells.</summary>
internal sealed record StockWrite(int ProductId, string Key, StockAvailable? Row, int Quantity, long? Version = null);

/// <summary>The outcome of one <see cref="StockWrite"/>; <see cref="Error"/> says how to fix a failure.</summary>
internal sealed record StockWriteOutcome(StockWrite Write, StockWriteResult Result, string? Error = null);

/// <summary>
/// Writes sellable quantities to exact stock rows with the client's safe update (re-read, change quantity, PUT the full
/// row), in parallel within the integration's request concurrency, and records on each product's export row what the
/// shop now shows. A failure is one product's: it is returned with the fix, the others go on.
/// </summary>
internal static class StockWriter
{
    public static async Task<IReadOnlyList<StockWriteOutcome>> WriteAsync(PrestaShopClient client, IReadOnlyCollection<StockWrite> writes, CancellationToken ct)
    {
        var outcomes = new ConcurrentBag<StockWriteOutcome>();
        await Parallel.ForEachAsync(writes, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, client.Options.MaxConcurrency), CancellationToken = ct },
            async (write, token) => outcomes.Add(await WriteOneAsync(client, write, token)));
        return [.. outcomes];
    }

    private static async Task<StockWriteOutcome> WriteOneAsync(PrestaShopClient client, StockWrite write, CancellationToken ct)
    {
        if (write.Row is not { } row)
            return new(write, StockWriteResult.Failed,
                $"The shop has no stock row for SKU {write.Key} (product-combination). The product or combination may have been deleted in PrestaShop: run Update products, or unlink the SKU.");
        if (row.DependsOnStock)
            return new(write, StockWriteResult.Failed, AsmRefusal(row));
        if (row.Quantity == write.Quantity)
            return new(write, StockWriteResult.Unchanged);
        try
        {
            await client.SetStockQuantityAsync(row.Id, write.Quantity, ct);
            return new(write, StockWriteResult.Written);
        }
        catch (PrestaShopException ex) when (ex.Kind == PrestaShopErrorKind.AsmEnabled)
        {
            return new(write, StockWriteResult.Failed, AsmRefusal(row));
        }
        catch (PrestaShopException ex) when (!ex.IsFatal)
        {
            return new(write, StockWriteResult.Failed, $"Could not set stock row {row.Id} of SKU {write.Key} to {write.Quantity}: {ex.Explanation}");
        }
    }

    private static string AsmRefusal(StockAvailable row) =>
        $"Stock row {row.Id} (product {row.IdProduct}, combination {row.IdProductAttribute}) depends on Advanced Stock Management, so PrestaShop refuses a quantity written to it. Turn off 'Depends on stock' for the product, or disable Advanced Stock Management in the shop; Connect retries later.";

    /// <summary>
    /// Records the outcomes on the products' export rows in one commit: written or unchanged marks the version read
    /// before the write as handled (a change made meanwhile stays pending), a failure backs off.
    /// </summary>
    /// <summary>
    /// Keeps on each product's export row what a stock check found in the shop (null: no stock row), by chunks of products,
    /// for the inventory sync view. A product without a row gets one that asks for nothing.
    /// </summary>
    public static async Task RecordCheckAsync(IDbContextFactory<ConnectDbContext> contexts, int integrationId, IReadOnlyDictionary<int, int?> found,
        DateTime now, CancellationToken ct)
    {
        foreach (var chunk in found.Keys.Chunk(500))
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var rows = await db.StockExportRequests.Where(r => r.IntegrationId == integrationId && chunk.Contains(r.ProductId)).ToDictionaryAsync(r => r.ProductId, ct);
            foreach (var productId in chunk)
            {
                if (!rows.TryGetValue(productId, out var request))
                    db.StockExportRequests.Add(request = StockExportRequest.ForCheck(integrationId, productId, now));
                request.Checked(found[productId], now);
            }
            await db.SaveChangesAsync(ct);
        }
    }

    public static async Task RecordAsync(IDbContextFactory<ConnectDbContext> contexts, int integrationId, IReadOnlyCollection<StockWriteOutcome> outcomes,
        DateTime now, CancellationToken ct)
    {
        if (outcomes.Count == 0) return;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var ids = outcomes.Select(o => o.Write.ProductId).Distinct().ToList();
        var rows = await db.StockExportRequests.Where(r => r.IntegrationId == integrationId && ids.Contains(r.ProductId)).ToDictionaryAsync(r => r.ProductId, ct);
        foreach (var outcome in outcomes)
        {
            if (!rows.TryGetValue(outcome.Write.ProductId, out var request))
            {
                request = new StockExportRequest(integrationId, outcome.Write.ProductId, now);
                db.StockExportRequests.Add(request);
                rows[outcome.Write.ProductId] = request;
            }
            if (outcome.Result == StockWriteResult.Failed)
                request.Failed(outcome.Error!, now);
            else if (outcome.Result == StockWriteResult.NotLinked)
                request.NothingToExport(outcome.Write.Version ?? 0);
            else
                request.Exported(outcome.Write.Version, outcome.Write.Quantity, now);
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
