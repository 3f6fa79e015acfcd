using Connect.Domain.Integrations;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Mapping;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>Page and batch sizes of the stock feeds. Stock rows are tiny, so pages are large.</summary>
public sealed record StockFeedOptions
{
    public int RowPageSize { get; init; } = 1000;
    /// <summary>Products per filter[id_product]=[a|b|c] read of the export.</summary>
    public int IdSetSize { get; init; } = 100;
    /// <summary>Export requests handled per pass (one sellable computation, one commit).</summary>
    public int ExportBatchSize { get; init; } = 500;
    /// <summary>Products written per import transaction.</summary>
    public int ImportBatchSize { get; init; } = 500;
}

/// <summary>
/// Reads the stock rows of the integration's shop, keyed like the product links ("{productId}-{combinationId}").
/// In multistore the stock_availables list ignores id_shop (it returns every shop's rows), so the rows are chosen with
/// filter[id_shop]; a shop whose group shares stock has no rows of its own, and then the group's rows (id_shop 0,
/// id_shop_group G) are the ones. Without a shop id, the first row of a key (the default shop's) is taken.
/// </summary>
internal sealed class StockRows(PrestaShopClient client, int? shopId, StockFeedOptions options)
{
    /// <summary>What the stock check and the import need of a row, and nothing more.</summary>
    public static readonly string[] CheckFields = ["id", "id_product", "id_product_attribute", "id_shop", "quantity"];
    /// <summary>The export also needs to know which rows Advanced Stock Management owns.</summary>
    public static readonly string[] ExportFields = [.. CheckFields, "id_shop_group", "depends_on_stock"];

    private Action<PrestaShopQuery>? _scope;

    /// <summary>Every stock row of the shop, read in pages read in parallel within the client's concurrency.</summary>
    public async Task<Dictionary<string, StockAvailable>> AllAsync(string[] fields, CancellationToken ct)
    {
        var scope = await ScopeAsync(ct);
        var rows = new List<StockAvailable>();
        var wave = Math.Max(1, client.Options.MaxConcurrency);
        for (var offset = 0; ; offset += wave * options.RowPageSize)
        {
            var start = offset;
            var pages = await Task.WhenAll(Enumerable.Range(0, wave).Select(i =>
            {
                var query = PrestaShopQuery.Create().Display(fields).OrderBy("id").Page(start + i * options.RowPageSize, options.RowPageSize);
                scope(query);
                return client.ListAsync<StockAvailable>(query, ct);
            }));
            foreach (var page in pages) rows.AddRange(page);
            if (pages.Any(p => p.Count < options.RowPageSize)) break;
        }
        return ByKey(rows);
    }

    /// <summary>The rows of some products, in sets of ids.</summary>
    public async Task<Dictionary<string, StockAvailable>> ForProductsAsync(IEnumerable<long> productIds, string[] fields, CancellationToken ct)
    {
        var scope = await ScopeAsync(ct);
        var pages = await Task.WhenAll(productIds.Distinct().Chunk(options.IdSetSize).Select(ids =>
        {
            var query = PrestaShopQuery.Create().Display(fields).In("id_product", ids.Cast<object>()).OrderBy("id");
            scope(query);
            return client.ListAsync<StockAvailable>(query, ct);
        }));
        return ByKey(pages.SelectMany(p => p));
    }

    private static Dictionary<string, StockAvailable> ByKey(IEnumerable<StockAvailable> rows)
    {
        var result = new Dictionary<string, StockAvailable>(StringComparer.Ordinal);
        foreach (var row in rows.OrderBy(r => r.Id))
            result.TryAdd(ProductKeys.Sku(row.IdProduct, row.IdProductAttribute), row);
        return result;
    }

    private async Task<Action<PrestaShopQuery>> ScopeAsync(CancellationToken ct)
    {
        if (_scope is not null) return _scope;
        if (shopId is not { } shop) return _scope = _ => { };
        var own = await client.ListIdsAsync("stock_availables", PrestaShopQuery.Create().Equal("id_shop", shop).Limit(1), ct);
        if (own.Count > 0) return _scope = q => q.Equal("id_shop", shop);
        // No row of its own: the shop's group shares its stock (share_stock=1), kept on rows with id_shop 0.
        var group = (await client.GetAsync<Shop>(shop, ct)).IdShopGroup;
        return _scope = q => q.Equal("id_shop", 0).Equal("id_shop_group", group);
    }
}

/// <summary>The integration and its product links, as the stock feeds need them.</summary>
internal static class StockFeedData
{
    public static async Task<Integration> IntegrationAsync(IDbContextFactory<ConnectDbContext> contexts, int integrationId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Integrations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == integrationId, ct)
            ?? throw new FeedFatalException($"Integration #{integrationId} does not exist; it may have been deleted.");
    }
}

internal static class StockLinks
{
    /// <summary>The integration's SKU links: shop key to Connect product id.</summary>
    public static async Task<Dictionary<string, int>> ByKeyAsync(IDbContextFactory<ConnectDbContext> contexts, int integrationId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ExternalLinks.AsNoTracking()
            .Where(l => l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product)
            .ToDictionaryAsync(l => l.ExternalId, l => l.LocalId, StringComparer.Ordinal, ct);
    }
}
