using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Reads catalog records by id sets (filter[id]=[1|2|3]) or id ranges, never one record per request, and only the fields
/// the feeds use. Chunks run in parallel; the client's gate bounds how many reach the shop at once. Attribute names are
/// cached for the run and safe to ask from pages read in parallel.
/// </summary>
internal sealed class CatalogReader(PrestaShopClient client, CatalogFeedOptions options)
{
    /// <summary>What the product feeds keep of a product (associations cannot be chosen this way: combinations are read by product).</summary>
    public static readonly string[] ProductFields = ["id", "reference", "name", "ean13", "upc", "weight", "price", "active"];

    private static readonly string[] OptionValueFields = ["id", "id_attribute_group", "name"];
    private static readonly string[] OptionFields = ["id", "name", "public_name"];

    private readonly Dictionary<long, ProductOptionValue> _values = [];
    private readonly Dictionary<long, ProductOption> _options = [];
    private readonly HashSet<long> _askedValues = [];
    private readonly HashSet<long> _askedOptions = [];
    private readonly SemaphoreSlim _optionsGate = new(1, 1);

    public IReadOnlyDictionary<long, ProductOptionValue> OptionValues => _values;
    public IReadOnlyDictionary<long, ProductOption> Options => _options;

    /// <summary>Records whose <paramref name="field"/> is in <paramref name="ids"/>; display=full unless fields are given.</summary>
    public async Task<IReadOnlyList<T>> ByIdsAsync<T>(string field, IEnumerable<long> ids, CancellationToken ct, params string[] display)
        where T : IPrestaShopResource<T>
    {
        var chunks = ids.Where(id => id > 0).Distinct().Order().Chunk(options.IdSetSize).ToList();
        if (chunks.Count == 0) return [];
        var pages = await Task.WhenAll(chunks.Select(chunk =>
        {
            var query = display.Length == 0 ? PrestaShopQuery.Create().Full() : PrestaShopQuery.Create().Display(display);
            return client.ListAsync<T>(query.In(field, chunk.Cast<object>()).OrderBy("id"), ct);
        }));
        return pages.SelectMany(p => p).ToList();
    }

    /// <summary>
    /// A window of products with the fields the feeds use, and their combinations (display=full: the option values of a
    /// combination are an association) read by the same product id range in one request. Each product gets the ids of the
    /// combinations found for it, as its association would list them.
    /// </summary>
    public async Task<(IReadOnlyList<Product> Products, IReadOnlyDictionary<long, Combination> Combinations)> ProductWindowAsync(
        IdWindow window, CancellationToken ct)
    {
        var products = await client.ListAsync<Product>(window.Apply(PrestaShopQuery.Create().Display(ProductFields)), ct);
        if (products.Count == 0) return (products, new Dictionary<long, Combination>());
        return await WithCombinationsAsync(products, await client.ListAsync<Combination>(
            PrestaShopQuery.Create().Full().Between("id_product", products.Min(p => p.Id), products.Max(p => p.Id)).OrderBy("id"), ct), ct);
    }

    /// <summary>
    /// Chosen products (by id sets) with the fields the feeds use, and their combinations, shaped like
    /// <see cref="ProductWindowAsync"/>: for the few products an order line needs that Connect does not know yet.
    /// </summary>
    public async Task<(IReadOnlyList<Product> Products, IReadOnlyDictionary<long, Combination> Combinations)> ProductsAsync(
        IReadOnlyCollection<long> productIds, CancellationToken ct)
    {
        var products = await ByIdsAsync<Product>("id", productIds, ct, ProductFields);
        return await WithCombinationsAsync(products, ct);
    }

    /// <summary>Products already read, with their combinations read by id sets of their product ids.</summary>
    public async Task<(IReadOnlyList<Product> Products, IReadOnlyDictionary<long, Combination> Combinations)> WithCombinationsAsync(
        IReadOnlyList<Product> products, CancellationToken ct)
    {
        if (products.Count == 0) return (products, new Dictionary<long, Combination>());
        return await WithCombinationsAsync(products, await ByIdsAsync<Combination>("id_product", products.Select(p => p.Id), ct), ct);
    }

    /// <summary>Gives each product the ids of the combinations found for it, as its association would list them.</summary>
    private async Task<(IReadOnlyList<Product> Products, IReadOnlyDictionary<long, Combination> Combinations)> WithCombinationsAsync(
        IReadOnlyList<Product> products, IReadOnlyList<Combination> read, CancellationToken ct)
    {
        var combinations = read.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
        var byProduct = combinations.Values.ToLookup(c => c.IdProduct);
        await EnsureOptionsAsync(combinations.Values.SelectMany(c => c.ProductOptionValueIds), ct);
        return (products.Select(p => p with { CombinationIds = [.. byProduct[p.Id].Select(c => c.Id).Order()] }).ToList(), combinations);
    }

    private async Task EnsureOptionsAsync(IEnumerable<long> valueIds, CancellationToken ct)
    {
        await _optionsGate.WaitAsync(ct);
        try
        {
            // Ids asked once are not asked again, even when the shop did not return them (a deleted attribute).
            var values = valueIds.Where(_askedValues.Add).ToList();
            foreach (var value in await ByIdsAsync<ProductOptionValue>("id", values, ct, OptionValueFields))
                _values[value.Id] = value;
            var groups = _values.Values.Select(v => v.IdAttributeGroup).Distinct().Where(_askedOptions.Add).ToList();
            foreach (var option in await ByIdsAsync<ProductOption>("id", groups, ct, OptionFields))
                _options[option.Id] = option;
        }
        finally
        {
            _optionsGate.Release();
        }
    }
}
