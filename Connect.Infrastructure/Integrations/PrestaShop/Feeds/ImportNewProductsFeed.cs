using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Import new products: the shop products after the last imported id, each combination (or the product itself when it has
/// none) becoming a Connect SKU. The checkpoint is the last product id of a committed page, so a failed run resumes there and
/// a rerun reads only what is new; SKUs already linked are left to Update products.
/// </summary>
public sealed class ImportNewProductsFeed(ProductIntake intake, CatalogFeedOptions options, ICatalogClientSource clients)
    : PrestaShopCatalogFeed(clients)
{
    public override FeedKind Kind => FeedKind.ImportNewProducts;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var tally = new FeedTally();
        var reader = new CatalogReader(client, options);
        var after = ProductPages.Checkpoint(run.ResumeFrom);
        await foreach (var page in ProductPages.ReadAsync(client, reader, after, options.ProductPageSize, ct))
        {
            // A window of deleted ids has nothing to take in; its checkpoint still moves.
            var result = page.IsEmpty ? IntakeResult.Empty : await intake.ApplyAsync(run.IntegrationId, page.Products, updateExisting: false, [], ct);
            tally.Processed += page.Keys.Count;
            tally.Add(result);
            await ProductPages.RecordFailuresAsync(run, tally, page, result);
            await run.CommitCheckpointAsync(page.LastProductId.ToString(CultureInfo.InvariantCulture));
            run.Report(tally.Counts, null, $"Imported shop products up to id {page.LastProductId}");
        }
        return tally.Counts;
    }
}
