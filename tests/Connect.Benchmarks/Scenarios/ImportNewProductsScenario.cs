using Connect.Benchmarks.Harness;
using Connect.Domain.Feeds;

namespace Connect.Benchmarks.Scenarios;

/// <summary>Import new products into an empty Connect: every product and combination becomes a SKU.</summary>
public sealed class ImportNewProductsScenario : IScenario
{
    public string Name => "Import new products";
    public string Unit => "SKUs";

    public Task PrepareAsync(BenchmarkContext context, CancellationToken ct) => Task.CompletedTask;

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct) =>
        (await context.RunFeedAsync(FeedKind.ImportNewProducts, ct)).Counts.Processed;

    public Task FloorAsync(BenchmarkContext context, CancellationToken ct) => CatalogReads.ProductsFloorAsync(context.Raw, ct);

    public Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) =>
        CatalogReads.ProductsPerRecordAsync(context, sample, ct);
}
