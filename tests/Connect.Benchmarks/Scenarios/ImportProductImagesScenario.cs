using System.Collections.Concurrent;
using System.Globalization;
using System.Xml.Linq;
using Connect.Benchmarks.Harness;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;

namespace Connect.Benchmarks.Scenarios;

/// <summary>Import product images for every SKU: learn which products have pictures, read their image lists, download each picture.</summary>
public sealed class ImportProductImagesScenario : IScenario
{
    public string Name => "Import product images";
    public string Unit => "SKUs";

    public Task PrepareAsync(BenchmarkContext context, CancellationToken ct) => context.EnsureProductsImportedAsync(ct);

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct) =>
        (await context.RunFeedAsync(FeedKind.ImportProductImages, ct)).Counts.Processed;

    /// <summary>The image lists (products and combinations in full, by windows) and one download per distinct picture.</summary>
    public async Task FloorAsync(BenchmarkContext context, CancellationToken ct)
    {
        var raw = context.Raw;
        var images = new ConcurrentDictionary<(string Product, string Image), bool>();
        var max = await raw.MaxIdAsync("products", ct);
        await raw.ForEachWindowAsync(max, new CatalogFeedOptions().ImageBatchSize, async (from, to, c) =>
        {
            var range = string.Create(CultureInfo.InvariantCulture, $"[{from},{to}]");
            var products = XDocument.Parse(await raw.GetAsync("products", c, ("display", "full"), ("filter[id]", range)));
            await raw.GetAsync("combinations", c, ("display", "full"), ("filter[id_product]", range));
            foreach (var product in products.Root!.Elements().First().Elements())
            foreach (var image in product.Descendants("images").Elements("image"))
                images[(product.Element("id")!.Value.Trim(), image.Element("id")!.Value.Trim())] = true;
        }, ct);
        await Parallel.ForEachAsync(images.Keys, new ParallelOptions { MaxDegreeOfParallelism = raw.Concurrency, CancellationToken = ct },
            async (image, c) => await raw.GetAsync($"images/products/{image.Product}/{image.Image}", c));
    }

    /// <summary>One list call, then per product a GET of the product and one download per picture.</summary>
    public Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) =>
        CatalogReads.PerRecordAsync(context, "products", sample, async (id, c) =>
        {
            var product = XDocument.Parse(await context.Raw.GetAsync(string.Create(CultureInfo.InvariantCulture, $"products/{id}"), c));
            foreach (var image in product.Descendants("images").Elements("image").Select(i => i.Element("id")!.Value.Trim()))
                await context.Raw.GetAsync(string.Create(CultureInfo.InvariantCulture, $"images/products/{id}/{image}"), c);
        }, ct);
}
