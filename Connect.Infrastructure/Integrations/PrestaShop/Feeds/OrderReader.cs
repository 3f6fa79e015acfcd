using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Mapping;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>Page sizes of the order feeds. Orders come with display=full (the only way to get their order_rows in the listing).</summary>
public sealed record OrderFeedOptions
{
    /// <summary>Orders per page: with the page's customers, addresses, carriers and currencies read by id sets, about 1 request per 70 orders.</summary>
    public int OrderPageSize { get; init; } = 500;
    /// <summary>Ids per filter[id]=[a|b|c] request: one page's customers or addresses in one request.</summary>
    public int IdSetSize { get; init; } = 250;
    /// <summary>Update orders starts this much before its checkpoint (clock skew, late commits in the shop).</summary>
    public TimeSpan ChangeOverlap { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// The read side of the order feeds for one run: pages of orders mapped to incoming orders, with the customers, addresses,
/// carriers and currencies read by id sets and cached for the run, the shop's order states read once, and the products of
/// unknown order lines imported on the spot through the catalog intake.
/// </summary>
internal sealed class OrderReader(PrestaShopClient client, OrderFeedOptions options, ProductIntake products, OrderIntake orders, CatalogFeedOptions catalog)
{
    private static readonly string[] CustomerFields = ["id", "firstname", "lastname", "email"];
    private static readonly string[] AddressFields = ["id", "firstname", "lastname", "company", "address1", "address2", "postcode", "city", "phone", "phone_mobile"];
    private static readonly string[] CarrierFields = ["id", "id_reference", "name"];
    private static readonly string[] CurrencyFields = ["id", "iso_code"];

    private readonly Dictionary<long, Customer> _customers = [];
    private readonly Dictionary<long, Address> _addresses = [];
    private readonly Dictionary<long, Carrier> _carriers = [];
    private readonly Dictionary<long, Currency> _currencies = [];
    private readonly HashSet<string> _asked = [];
    private Dictionary<string, OrderStateInfo>? _states;
    // Pages are mapped in parallel (Import new orders reads several windows at once); the caches are filled one page at a time.
    private readonly SemaphoreSlim _mapGate = new(1, 1);

    /// <summary>The query for this integration's orders: multistore shops list only the integration's shop.</summary>
    public PrestaShopQuery Orders() =>
        client.Options.ShopId is { } shop ? PrestaShopQuery.Create().Full().Equal("id_shop", shop) : PrestaShopQuery.Create().Full();

    public async Task<IReadOnlyDictionary<string, OrderStateInfo>> StatesAsync(CancellationToken ct)
    {
        if (_states is not null) return _states;
        var states = await client.GetOrderStatesAsync(ct);
        return _states = states.Select(OrderStateMapper.ToNeutral)
            .ToDictionary(s => s.Id, s => new OrderStateInfo(s.Id, s.Name, s.Cancelled || s.Refunded), StringComparer.Ordinal);
    }

    /// <summary>One id window of this integration's orders, mapped (<see cref="IdWindows"/> reads several at once).</summary>
    public async Task<WindowRead<IReadOnlyList<IncomingOrder>>> WindowAsync(IdWindow window, CancellationToken ct)
    {
        var page = await client.ListAsync<Order>(window.Apply(Orders()), ct);
        var incoming = page.Count == 0 ? [] : await MapAsync(page, ct);
        return new WindowRead<IReadOnlyList<IncomingOrder>>(incoming, page.Count, page.Count == 0 ? window.After : page.Max(o => o.Id));
    }

    /// <summary>Maps a page of orders, reading what the page needs and the run has not read yet.</summary>
    public async Task<IReadOnlyList<IncomingOrder>> MapAsync(IReadOnlyList<Order> page, CancellationToken ct)
    {
        await _mapGate.WaitAsync(ct);
        try
        {
            await Task.WhenAll(
                FillAsync(_customers, "customers", page.Select(o => o.IdCustomer), CustomerFields, c => c.Id, ct),
                FillAsync(_addresses, "addresses", page.Select(o => o.IdAddressDelivery), AddressFields, a => a.Id, ct),
                FillAsync(_carriers, "carriers", page.Select(o => o.IdCarrier), CarrierFields, c => c.Id, ct),
                FillAsync(_currencies, "currencies", page.Select(o => o.IdCurrency), CurrencyFields, c => c.Id, ct));
            return page.Select(o => OrderMapper.Map(o, _customers, _addresses, _carriers, _currencies)).ToList();
        }
        finally
        {
            _mapGate.Release();
        }
    }

    /// <summary>
    /// Imports, through the catalog intake, the products of order lines Connect does not know yet (a product created in the
    /// shop after the last Import new products). What the shop no longer has stays unknown: the intake parks those orders.
    /// </summary>
    public async Task ImportUnknownProductsAsync(int integrationId, IEnumerable<IncomingOrder> page, ICatalogFeedRun run, CancellationToken ct)
    {
        var unknown = await orders.UnknownProductKeysAsync(integrationId, page.SelectMany(o => o.Lines).Select(l => l.ProductKey), ct);
        var productIds = unknown.Select(k => ProductKeys.TryParse(k, out var id, out _) ? id : 0).Where(id => id > 0).Distinct().ToList();
        if (productIds.Count == 0) return;
        var reader = new CatalogReader(client, catalog with { IdSetSize = options.IdSetSize });
        var (shopProducts, combinations) = await reader.ProductsAsync(productIds, ct);
        if (shopProducts.Count == 0) return;
        var incoming = shopProducts.SelectMany(p => ProductMapper.Map(p, combinations, reader.OptionValues, reader.Options).Products).ToList();
        var result = await products.ApplyAsync(integrationId, incoming, updateExisting: false, [], ct);
        foreach (var p in incoming.Where(p => unknown.Contains(p.ExternalId)))
            await run.LogAsync(FeedLogLevel.Info, $"Imported product {p.Details.Sku} ({p.ExternalId}) for an order line.", p.ExternalId, "product");
        foreach (var failure in result.Failures)
            await run.LogAsync(FeedLogLevel.Error, $"SKU {failure.ExternalId}: {failure.Message}", failure.ExternalId, "product", failure.LocalId);
    }

    private async Task FillAsync<T>(Dictionary<long, T> cache, string resource, IEnumerable<long> ids, string[] fields, Func<T, long> key, CancellationToken ct)
        where T : IPrestaShopResource<T>
    {
        // Ids asked once are not asked again, even when the shop did not return them (a deleted customer or carrier).
        var missing = ids.Where(id => id > 0 && !cache.ContainsKey(id)).Distinct()
            .Where(id => _asked.Add(string.Create(CultureInfo.InvariantCulture, $"{resource}/{id}"))).Order().ToList();
        if (missing.Count == 0) return;
        var pages = await Task.WhenAll(missing.Chunk(options.IdSetSize).Select(chunk =>
            client.ListAsync<T>(PrestaShopQuery.Create().Display(fields).In("id", chunk.Cast<object>()), ct)));
        lock (cache)
            foreach (var item in pages.SelectMany(p => p)) cache[key(item)] = item;
    }
}

/// <summary>Feed counts and log lines from what the order intake did with a page.</summary>
internal static class OrderOutcomes
{
    public static async Task RecordAsync(ICatalogFeedRun run, FeedTally tally, int read, OrderIntakeResult result)
    {
        tally.Processed += read;
        tally.Created += result.Imported;
        foreach (var outcome in result.Outcomes)
        {
            switch (outcome.Kind)
            {
                case OrderOutcomeKind.Imported:
                    await run.LogAsync(FeedLogLevel.Info, outcome.Message!, outcome.ExternalId, "order", outcome.OrderId);
                    if (outcome.Warning is { } warning)
                        await run.LogAsync(FeedLogLevel.Warning, warning, outcome.ExternalId, "order", outcome.OrderId);
                    break;
                case OrderOutcomeKind.Failed:
                    tally.Failed++;
                    await run.LogAsync(FeedLogLevel.Error, $"Order {outcome.ExternalId} waits: {outcome.Message}", outcome.ExternalId, "order");
                    break;
                case OrderOutcomeKind.Parked:
                    tally.Skipped++;
                    await run.LogAsync(FeedLogLevel.Warning, $"Order {outcome.ExternalId} waits: {outcome.Message}", outcome.ExternalId, "order");
                    break;
                case OrderOutcomeKind.NotImported or OrderOutcomeKind.Dropped:
                    tally.Skipped++;
                    await run.LogAsync(FeedLogLevel.Warning, outcome.Message!, outcome.ExternalId, "order");
                    break;
                default:
                    // Already a Connect order (a rerun, or another instance got there first): nothing to update.
                    tally.Unchanged++;
                    break;
            }
        }
    }
}
