using System.Globalization;
using Connect.Benchmarks.Harness;
using Connect.Domain.Feeds;

namespace Connect.Benchmarks.Scenarios;

/// <summary>Update products over the whole catalog, with nothing changed in the shop or with a share of the products repriced.</summary>
public sealed class UpdateProductsScenario(double changedShare) : IScenario
{
    public string Name => changedShare == 0
        ? "Update products, nothing changed"
        : string.Create(CultureInfo.InvariantCulture, $"Update products, {changedShare:P0} changed");
    public string Unit => "SKUs";

    public async Task PrepareAsync(BenchmarkContext context, CancellationToken ct)
    {
        await context.EnsureProductsImportedAsync(ct);
        if (changedShare <= 0) return;
        // Every n-th product gets a new price, as a merchant's price change would.
        using (context.Shop.State.Writing())
        {
            var products = context.Shop.State.Table("products").Rows;
            var step = Math.Max(1, (int)Math.Round(1 / changedShare));
            for (var i = 0; i < products.Count; i += step)
            {
                var price = decimal.Parse(products[i]["price"], CultureInfo.InvariantCulture) + 1;
                products[i]["price"] = price.ToString("0.000000", CultureInfo.InvariantCulture);
            }
        }
    }

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct) =>
        (await context.RunFeedAsync(FeedKind.UpdateProducts, ct)).Counts.Processed;

    public Task FloorAsync(BenchmarkContext context, CancellationToken ct) => CatalogReads.ProductsFloorAsync(context.Raw, ct);

    public Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) =>
        CatalogReads.ProductsPerRecordAsync(context, sample, ct);
}
