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
    public static async Task<PerRecordSample> ProductsPerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct)
    {
        var raw = context.Raw;
        var clock = Stopwatch.StartNew();
        var ids = await raw.IdsAsync("products", ct);
        var listTime = clock.Elapsed;
        var requests = context.Traffic.Requests;
        clock.Restart();
        var sampled = ids.Take(sample).ToList();
        foreach (var id in sampled)
        {
            var product = XDocument.Parse(await raw.GetAsync(string.Create(CultureInfo.InvariantCulture, $"products/{id}"), ct));
            var combinations = product.Descendants("combinations").Elements("combination").Select(c => c.Element("id")!.Value.Trim());
            foreach (var combination in combinations)
                await raw.GetAsync($"combinations/{combination}", ct);
        }
        return new PerRecordSample(ids.Count, listTime, sampled.Count, clock.Elapsed, context.Traffic.Requests - requests);
    }
}
