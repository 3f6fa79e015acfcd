using System.Globalization;
using Connect.Benchmarks.Harness;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;

namespace Connect.Benchmarks.Scenarios;

/// <summary>Product supplier import: every product_suppliers row becomes a supplier offer on its SKU.</summary>
public sealed class ProductSupplierImportScenario : IScenario
{
    public string Name => "Product supplier import";
    public string Unit => "supplier rows";

    public async Task PrepareAsync(BenchmarkContext context, CancellationToken ct)
    {
        await context.EnsureProductsImportedAsync(ct);
        await context.RunFeedAsync(FeedKind.ImportSuppliers, ct);
    }

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct) =>
        (await context.RunFeedAsync(FeedKind.ProductSupplierImport, ct)).Counts.Processed;

    public async Task FloorAsync(BenchmarkContext context, CancellationToken ct)
    {
        var raw = context.Raw;
        var fields = "[" + string.Join(",", ProductSupplierImportFeed.RowFields) + "]";
        var max = await raw.MaxIdAsync("product_suppliers", ct);
        await raw.ForEachWindowAsync(max, new CatalogFeedOptions().RowPageSize, (from, to, c) =>
            raw.GetAsync("product_suppliers", c, ("display", fields), ("filter[id]", string.Create(CultureInfo.InvariantCulture, $"[{from},{to}]"))), ct);
    }

    public Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) =>
        CatalogReads.PerRecordAsync(context, "product_suppliers", sample,
            (id, c) => context.Raw.GetAsync(string.Create(CultureInfo.InvariantCulture, $"product_suppliers/{id}"), c), ct);
}
