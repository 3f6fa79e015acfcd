using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Mapping;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// One page of shop products mapped to SKUs: what to take in, and every SKU key the page accounts for. The page covers the
/// shop product ids up to <paramref name="LastProductId"/> (a product id in that range that is not here is gone from the shop).
/// </summary>
internal sealed record MappedProductPage(long LastProductId, IReadOnlyList<IncomingProduct> Products,
    IReadOnlyList<MappingProblem> Problems, IReadOnlyList<MappingProblem> Warnings, IReadOnlySet<string> Keys)
{
    public bool IsEmpty => Products.Count == 0 && Problems.Count == 0;
}

/// <summary>The read side shared by the two product feeds: pages of products in id order, after a checkpoint, with their combinations.</summary>
internal static class ProductPages
{
    public static async IAsyncEnumerable<MappedProductPage> ReadAsync(PrestaShopClient client, CatalogReader reader, long afterId,
        int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // Id windows (sort=[id_ASC]), several in flight, handed out in order: unsorted listings are not in id order on large
        // shops, and offsets shift when a product is deleted mid-read, which would hide a live product from the deactivation check.
        await foreach (var window in IdWindows.ReadAsync(client, Product.ResourceName, afterId, pageSize, (w, c) => MapAsync(reader, w, c), ct))
            yield return window.Page with { LastProductId = window.UpTo };
    }

    private static async Task<WindowRead<MappedProductPage>> MapAsync(CatalogReader reader, IdWindow window, CancellationToken ct)
    {
        var (page, combinations) = await reader.ProductWindowAsync(window, ct);
        var mapped = Map(reader, page, combinations, page.Count == 0 ? window.After : page.Max(p => p.Id));
        return new WindowRead<MappedProductPage>(mapped, page.Count, mapped.LastProductId);
    }

    /// <summary>Shop products and their combinations mapped to SKUs, the way every product feed takes them in.</summary>
    public static MappedProductPage Map(CatalogReader reader, IReadOnlyList<Product> page, IReadOnlyDictionary<long, Combination> combinations,
        long lastProductId)
    {
        var products = new List<IncomingProduct>();
        var problems = new List<MappingProblem>();
        var warnings = new List<MappingProblem>();
        foreach (var product in page)
        {
            var mapping = ProductMapper.Map(product, combinations, reader.OptionValues, reader.Options);
            products.AddRange(mapping.Products);
            problems.AddRange(mapping.Problems);
            warnings.AddRange(mapping.Warnings);
        }
        var keys = products.Select(p => p.ExternalId).Concat(problems.Select(p => p.ExternalId)).ToHashSet(StringComparer.Ordinal);
        return new MappedProductPage(lastProductId, products, problems, warnings, keys);
    }

    public static long Checkpoint(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : 0;

    /// <summary>
    /// Logs what the page could not map or take (with the fix) and counts those SKUs as failed; SKUs imported under a
    /// generated SKU are logged as warnings with the fix.
    /// </summary>
    public static async Task RecordFailuresAsync(ICatalogFeedRun run, FeedTally tally, MappedProductPage page, IntakeResult result)
    {
        foreach (var warning in page.Warnings)
            await run.LogAsync(FeedLogLevel.Warning, warning.Message, warning.ExternalId, "product");
        foreach (var problem in page.Problems)
            await run.LogAsync(FeedLogLevel.Error, problem.Message, problem.ExternalId, "product");
        tally.Failed += page.Problems.Count;
        foreach (var failure in result.Failures)
            await run.LogAsync(FeedLogLevel.Error, $"SKU {failure.ExternalId}: {failure.Message}", failure.ExternalId, "product", failure.LocalId);
    }
}
