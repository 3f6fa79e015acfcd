using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Mapping;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Update products (the heavy daily feed): reads the whole catalog by pages of product ids and updates every linked SKU
/// (reference, name, barcodes, weight, price, active), creates the SKUs that are new, and deactivates the SKUs whose product or
/// combination is gone. Deactivation is decided per page over the id range the page covers, so a run that fails half-way and
/// resumes from its checkpoint still treats every range exactly once. A finished run commits checkpoint 0: the next one starts over.
/// </summary>
public sealed class UpdateProductsFeed(ProductIntake intake, CatalogFeedOptions options, ICatalogClientSource clients)
    : PrestaShopCatalogFeed(clients)
{
    public const string Finished = "0";

    public override FeedKind Kind => FeedKind.UpdateProducts;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var tally = new FeedTally();
        var reader = new CatalogReader(client, options);
        var after = ProductPages.Checkpoint(run.ResumeFrom);
        var linked = LinkedByParent(await intake.LinkedAsync(run.IntegrationId, ct));
        await foreach (var page in ProductPages.ReadAsync(client, reader, after, options.ProductPageSize, ct))
        {
            var gone = Gone(linked, after, page.LastProductId, page.Keys);
            var result = page.IsEmpty && gone.Count == 0
                ? IntakeResult.Empty
                : await intake.ApplyAsync(run.IntegrationId, page.Products, updateExisting: true, gone, ct);
            tally.Processed += page.Keys.Count;
            tally.Add(result);
            await ProductPages.RecordFailuresAsync(run, tally, page, result);
            if (result.Deactivated > 0)
                await run.LogAsync(FeedLogLevel.Info, $"{result.Deactivated} SKU(s) of shop products {after + 1}-{page.LastProductId} are gone from the shop and were deactivated.");
            after = page.LastProductId;
            await run.CommitCheckpointAsync(after.ToString(CultureInfo.InvariantCulture));
            run.Report(tally.Counts, null, $"Updated shop products up to id {after}");
        }

        // Past the last page: every linked SKU of a higher product id is gone.
        var tail = Gone(linked, after, long.MaxValue, new HashSet<string>());
        if (tail.Count > 0)
        {
            var result = await intake.ApplyAsync(run.IntegrationId, [], updateExisting: true, tail, ct);
            tally.Add(result);
            if (result.Deactivated > 0)
                await run.LogAsync(FeedLogLevel.Info, $"{result.Deactivated} SKU(s) of shop products after id {after} are gone from the shop and were deactivated.");
        }
        await run.CommitCheckpointAsync(Finished);
        run.Report(tally.Counts, null, "Catalog updated");
        return tally.Counts;
    }

    private static SortedList<long, List<string>> LinkedByParent(IEnumerable<(string ExternalId, int ProductId)> links)
    {
        var byParent = new SortedList<long, List<string>>();
        foreach (var (externalId, _) in links)
        {
            if (!ProductKeys.TryParse(externalId, out var productId, out _)) continue;
            if (!byParent.TryGetValue(productId, out var keys)) byParent[productId] = keys = [];
            keys.Add(externalId);
        }
        return byParent;
    }

    /// <summary>Linked SKUs of products in (after, upTo] that the shop did not return.</summary>
    private static List<string> Gone(SortedList<long, List<string>> linked, long after, long upTo, IReadOnlySet<string> seen)
    {
        var gone = new List<string>();
        var ids = linked.Keys;
        int low = 0, high = ids.Count;
        while (low < high) // first product id above 'after'
        {
            var middle = (low + high) / 2;
            if (ids[middle] <= after) low = middle + 1; else high = middle;
        }
        for (var i = low; i < ids.Count && ids[i] <= upTo; i++)
            gone.AddRange(linked.Values[i].Where(k => !seen.Contains(k)));
        return gone;
    }
}
