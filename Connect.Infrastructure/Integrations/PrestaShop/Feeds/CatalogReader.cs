using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Reads catalog records by id sets (filter[id]=[1|2|3], display=full), never one record per request. Chunks run in
/// parallel; the client's gate bounds how many reach the shop at once. Attribute names are cached for the run.
/// </summary>
internal sealed class CatalogReader(PrestaShopClient client, CatalogFeedOptions options)
{
    private readonly Dictionary<long, ProductOptionValue> _values = [];
    private readonly Dictionary<long, ProductOption> _options = [];
    private readonly HashSet<long> _askedValues = [];
    private readonly HashSet<long> _askedOptions = [];

    public IReadOnlyDictionary<long, ProductOptionValue> OptionValues => _values;
    public IReadOnlyDictionary<long, ProductOption> Options => _options;

    public async Task<IReadOnlyList<T>> ByIdsAsync<T>(string field, IEnumerable<long> ids, CancellationToken ct)
        where T : IPrestaShopResource<T>
    {
        var chunks = ids.Where(id => id > 0).Distinct().Order().Chunk(options.IdSetSize).ToList();
        if (chunks.Count == 0) return [];
        var pages = await Task.WhenAll(chunks.Select(chunk =>
            client.ListAsync<T>(PrestaShopQuery.Create().Full().In(field, chunk.Cast<object>()).OrderBy("id"), ct)));
        return pages.SelectMany(p => p).ToList();
    }

    /// <summary>The combinations of a page of products, by id.</summary>
    public async Task<IReadOnlyDictionary<long, Combination>> CombinationsAsync(IEnumerable<Product> products, CancellationToken ct)
    {
        var combinations = (await ByIdsAsync<Combination>("id", products.SelectMany(p => p.CombinationIds), ct))
            .GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
        await EnsureOptionsAsync(combinations.Values.SelectMany(c => c.ProductOptionValueIds), ct);
        return combinations;
    }

    private async Task EnsureOptionsAsync(IEnumerable<long> valueIds, CancellationToken ct)
    {
        // Ids asked once are not asked again, even when the shop did not return them (a deleted attribute).
        var values = valueIds.Where(_askedValues.Add).ToList();
        foreach (var value in await ByIdsAsync<ProductOptionValue>("id", values, ct))
            _values[value.Id] = value;
        var groups = _values.Values.Select(v => v.IdAttributeGroup).Distinct().Where(_askedOptions.Add).ToList();
        foreach (var option in await ByIdsAsync<ProductOption>("id", groups, ct))
            _options[option.Id] = option;
    }
}
