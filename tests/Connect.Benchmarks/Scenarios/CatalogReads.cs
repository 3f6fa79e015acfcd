using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Connect.Benchmarks.Harness;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;

namespace Connect.Benchmarks.Scenarios;

/// <summary>The raw catalog reads the product scenarios share: their floor and their per-record pattern.</summary>
internal static class CatalogReads
{
    private static readonly CatalogFeedOptions Pages = new();

    /// <summary>
    /// The least a product import must read: every product with the fields Connect keeps, and every combination in full (its
    /// option values are an association), by windows of the feed's page size, at the integration's concurrency.
    /// </summary>
    public static async Task ProductsFloorAsync(RawShop raw, CancellationToken ct)
    {
        var fields = "[" + string.Join(",", CatalogReader.ProductFields) + "]";
        var max = await raw.MaxIdAsync("products", ct);
        await raw.ForEachWindowAsync(max, Pages.ProductPageSize, async (from, to, c) =>
        {
            var range = string.Create(CultureInfo.InvariantCulture, $"[{from},{to}]");
            await raw.GetAsync("products", c, ("display", fields), ("filter[id]", range));
            await raw.GetAsync("combinations", c, ("display", "full"), ("filter[id_product]", range));
        }, ct);
    }

    /// <summary>One list call of product ids, then per product one GET of the product and one GET per combination.</summary>
    public static Task<PerRecordSample> ProductsPerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) =>
        PerRecordAsync(context, "products", sample, async (id, c) =>
        {
            var product = XDocument.Parse(await context.Raw.GetAsync(string.Create(CultureInfo.InvariantCulture, $"products/{id}"), c));
            foreach (var combination in product.Descendants("combinations").Elements("combination").Select(e => e.Element("id")!.Value.Trim()))
                await context.Raw.GetAsync($"combinations/{combination}", c);
        }, ct);

    /// <summary>The per-record pattern: one list call of <paramref name="resource"/>, then <paramref name="fetch"/> for the first entries, one at a time.</summary>
    public static async Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, string resource, int sample,
        Func<long, CancellationToken, Task> fetch, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var ids = await context.Raw.IdsAsync(resource, ct);
        var listTime = clock.Elapsed;
        var requests = context.Traffic.Requests;
        clock.Restart();
        var sampled = ids.Take(sample).ToList();
        foreach (var id in sampled)
            await fetch(id, ct);
        return new PerRecordSample(ids.Count, listTime, sampled.Count, clock.Elapsed, context.Traffic.Requests - requests);
    }
}
