using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Product sync: the catalog changes of the last few minutes, between two daily Update products. It reads the products changed
/// since its last run (date_upd with date=1, keyset on (date_upd, id), a small overlap) and the combinations created since then
/// (combinations have no date_upd in PrestaShop, and a Webservice write to a combination does not touch its product's date_upd,
/// so new ones are found by id above the highest id seen), then reads the combinations of just those products and takes them in
/// exactly as Update products does. It never deactivates: finding what was deleted needs the full pass of Update products.
/// The checkpoint is "date_upd|product id|highest combination id"; without one (first run, or cleared in the Feeds tab) it reads
/// the whole catalog once.
/// </summary>
public sealed class ProductSyncFeed(ProductIntake intake, CatalogFeedOptions options, ICatalogClientSource clients)
    : PrestaShopCatalogFeed(clients)
{
    public override FeedKind Kind => FeedKind.ProductSync;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var tally = new FeedTally();
        var reader = new CatalogReader(client, options);
        var (cursor, combinationsUpTo) = ParseCheckpoint(run.ResumeFrom);
        var fullPass = cursor is null;
        int productsRead = 0, combinationsFound = 0;

        if (fullPass)
        {
            // Every product is read below with all its combinations: only remember where the combination ids stand now.
            combinationsUpTo = (await client.ListIdsAsync(Combination.ResourceName, PrestaShopQuery.Create().OrderByDescending("id").Limit(1), ct))
                .DefaultIfEmpty(0).Max();
            await run.LogAsync(FeedLogLevel.Info, "No synchronize-from date: reading the whole catalog once.");
        }
        else
        {
            var created = new List<Combination>();
            var query = PrestaShopQuery.Create().Display("id", "id_product").GreaterThan("id", combinationsUpTo);
            await foreach (var page in client.PagesAsync<Combination>(query, options.RowPageSize, ct))
                created.AddRange(page);
            if (created.Count > 0)
            {
                combinationsFound = created.Count;
                var (products, combinations) = await reader.ProductsAsync(created.Select(c => c.IdProduct).Distinct().ToList(), ct);
                productsRead += products.Count;
                await ApplyAsync(run, reader, tally, products, combinations, ct);
                combinationsUpTo = Math.Max(combinationsUpTo, created.Max(c => c.Id));
                await run.CommitCheckpointAsync(FormatCheckpoint(cursor!, combinationsUpTo));
            }
        }

        var changed = PrestaShopQuery.Create().Display([.. CatalogReader.ProductFields, "date_upd"]);
        await foreach (var page in client.ChangesSinceAsync<Product>(cursor, options.ChangeOverlap, options.ProductPageSize, changed, ct))
        {
            var (products, combinations) = await reader.WithCombinationsAsync(page.Items, ct);
            productsRead += products.Count;
            await ApplyAsync(run, reader, tally, products, combinations, ct);
            cursor = page.Cursor ?? cursor;
            if (cursor is not null) await run.CommitCheckpointAsync(FormatCheckpoint(cursor, combinationsUpTo));
            run.Report(tally.Counts, null, $"Read shop products changed up to {cursor?.DateUpd.ToString(UpdateOrdersFeed.DateFormat, CultureInfo.InvariantCulture)}");
        }

        var summary = fullPass
            ? $"Full pass: read {productsRead} shop product(s)."
            : $"Read {productsRead} shop product(s): changed since {FormatDate(ParseCheckpoint(run.ResumeFrom).Cursor)} or with {combinationsFound} new combination(s).";
        await run.LogAsync(FeedLogLevel.Info, $"{summary} {tally.Created} SKU(s) created, {tally.Updated} updated, {tally.Skipped} unchanged, {tally.Failed} failed.");
        run.Report(tally.Counts, null, summary);
        return tally.Counts;
    }

    /// <summary>The Update products path: the same mapping, the same intake (update existing SKUs, create new ones), nothing deactivated.</summary>
    private async Task ApplyAsync(ICatalogFeedRun run, CatalogReader reader, FeedTally tally, IReadOnlyList<Product> products,
        IReadOnlyDictionary<long, Combination> combinations, CancellationToken ct)
    {
        if (products.Count == 0) return;
        var page = ProductPages.Map(reader, products, combinations, products.Max(p => p.Id));
        var result = page.IsEmpty ? IntakeResult.Empty : await intake.ApplyAsync(run.IntegrationId, page.Products, updateExisting: true, [], ct);
        tally.Processed += page.Keys.Count;
        tally.Add(result);
        await ProductPages.RecordFailuresAsync(run, tally, page, result);
    }

    private static string FormatDate(PrestaShopCursor? cursor) =>
        cursor?.DateUpd.ToString(UpdateOrdersFeed.DateFormat, CultureInfo.InvariantCulture) ?? "the start";

    public static string FormatCheckpoint(PrestaShopCursor cursor, long combinationsUpTo) =>
        string.Create(CultureInfo.InvariantCulture, $"{UpdateOrdersFeed.FormatCheckpoint(cursor)}|{combinationsUpTo}");

    /// <summary>The product cursor (null: read everything) and the highest combination id already taken in.</summary>
    public static (PrestaShopCursor? Cursor, long CombinationsUpTo) ParseCheckpoint(string? text)
    {
        var cut = text?.LastIndexOf('|') ?? -1;
        if (cut <= 0 || !long.TryParse(text![(cut + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var combinations))
            return (null, 0);
        return UpdateOrdersFeed.ParseCheckpoint(text[..cut]) is { } cursor ? (cursor, combinations) : (null, 0);
    }
}
