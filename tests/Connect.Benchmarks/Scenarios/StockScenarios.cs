using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Connect.Benchmarks.Harness;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Connect.Infrastructure.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Benchmarks.Scenarios;

/// <summary>
/// The stock setup the stock scenarios share: the store's default warehouse receives the shop's stock and is the one whose
/// stock the shop sells; the raw reads of stock rows (the floor of the import and the check).
/// </summary>
internal static partial class StockSetup
{
    public static async Task EnsureAsync(BenchmarkContext context, CancellationToken ct)
    {
        await context.EnsureProductsImportedAsync(ct);
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == context.IntegrationId, ct);
        if (integration.Settings.StockImportWarehouseId is not null) return;
        var warehouseId = await db.Stores.Where(s => s.Id == integration.StoreId).Select(s => s.DefaultWarehouseId).SingleAsync(ct);
        await context.ChangeIntegrationAsync(i => i.ChangeSettings(i.Settings with { StockImportWarehouseId = warehouseId, StockExportWarehouseIds = [warehouseId] }), ct);
    }

    /// <summary>Imports the shop's stock once when a scenario needs it and no earlier one did (not measured).</summary>
    public static async Task EnsureImportedAsync(BenchmarkContext context, CancellationToken ct)
    {
        await EnsureAsync(context, ct);
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        if (!await db.StockMovements.AnyAsync(m => m.Reason == StockMovementReason.Import, ct))
            await context.RunFeedAsync(FeedKind.ImportStockLevels, ct);
    }

    /// <summary>
    /// Every stock row of the shop with the fields the feeds read, in pages of the feeds' size read at the integration's
    /// concurrency: the least the import and the check must read.
    /// </summary>
    public static async Task AllRowsFloorAsync(BenchmarkContext context, CancellationToken ct)
    {
        int rows;
        using (context.Shop.State.Reading()) rows = context.Shop.State.Table("stock_availables").Rows.Count;
        var pageSize = new StockFeedOptions().RowPageSize;
        var fields = "[" + string.Join(",", StockRowFields) + "]";
        await Parallel.ForEachAsync(Enumerable.Range(0, (rows + pageSize - 1) / pageSize),
            new ParallelOptions { MaxDegreeOfParallelism = context.Raw.Concurrency, CancellationToken = ct },
            async (page, c) => await context.Raw.GetAsync("stock_availables", c, ("display", fields), ("sort", "[id_ASC]"),
                ("limit", string.Create(CultureInfo.InvariantCulture, $"{page * pageSize},{pageSize}"))));
    }

    /// <summary>What the stock import and check read of a row (the feeds' own list is internal to Connect).</summary>
    public static readonly string[] StockRowFields = ["id", "id_product", "id_product_attribute", "id_shop", "quantity"];

    /// <summary>One list call of stock row ids, then one GET per row.</summary>
    public static Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) =>
        CatalogReads.PerRecordAsync(context, "stock_availables", sample,
            (id, c) => context.Raw.GetAsync(string.Create(CultureInfo.InvariantCulture, $"stock_availables/{id}"), c), ct);

    /// <summary>The shop's stock row of each linked SKU ("{product}-{combination}"), by row id.</summary>
    public static Dictionary<string, int> RowIdsByKey(BenchmarkContext context)
    {
        using (context.Shop.State.Reading())
            return context.Shop.State.Table("stock_availables").Rows
                .GroupBy(r => $"{r["id_product"]}-{r["id_product_attribute"]}")
                .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
    }

    public static int ShopQuantity(BenchmarkContext context, int rowId)
    {
        using (context.Shop.State.Reading()) return context.Shop.State.Find("stock_availables", rowId)!.Int("quantity");
    }

    /// <summary>A stock write's least: the row read, then written back with its new quantity (what a safe update does).</summary>
    public static async Task WriteRowRawAsync(RawShop raw, int rowId, CancellationToken ct)
    {
        var resource = string.Create(CultureInfo.InvariantCulture, $"stock_availables/{rowId}");
        var xml = await raw.GetAsync(resource, ct);
        await raw.SendAsync(HttpMethod.Put, resource, Quantity().Replace(xml, m => $"<quantity><![CDATA[{int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1}]]></quantity>", 1), ct);
    }

    [GeneratedRegex(@"<quantity><!\[CDATA\[(-?\d+)\]\]></quantity>")]
    private static partial Regex Quantity();

    public static async Task<IReadOnlyList<(int ProductId, string Key)>> LinkedAsync(BenchmarkContext context, CancellationToken ct)
    {
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        return (await db.ExternalLinks.AsNoTracking().Where(l => l.IntegrationId == context.IntegrationId && l.Kind == ExternalLinkKind.Product)
                .OrderBy(l => l.LocalId).Select(l => new { l.LocalId, l.ExternalId }).ToListAsync(ct))
            .Select(l => (l.LocalId, l.ExternalId)).ToList();
    }

    /// <summary>Goes Live and drains what earlier scenarios queued for export, so the measured export does only its own work.</summary>
    public static async Task GoLiveAndDrainAsync(BenchmarkContext context, CancellationToken ct)
    {
        await EnsureImportedAsync(context, ct);
        await context.ChangeIntegrationAsync(i => i.GoLive(), ct);
        await context.RunFeedAsync(FeedKind.StockLevelExport, ct);
    }
}

/// <summary>Import stock levels at go-live: every stock row of the shop read, on hand set for every linked SKU.</summary>
public sealed class ImportStockLevelsScenario : IScenario
{
    public string Name => "Import stock levels";
    public string Unit => "SKUs";

    public Task PrepareAsync(BenchmarkContext context, CancellationToken ct) => StockSetup.EnsureAsync(context, ct);

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct) =>
        (await context.RunFeedAsync(FeedKind.ImportStockLevels, ct)).Counts.Processed;

    public Task FloorAsync(BenchmarkContext context, CancellationToken ct) => StockSetup.AllRowsFloorAsync(context, ct);

    public Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) => StockSetup.PerRecordAsync(context, sample, ct);
}

/// <summary>
/// Stock check before Live (it reports, writes nothing): every stock row read and compared with Connect's sellable quantity,
/// with no difference, or with 1 % of the linked SKUs changed in the shop behind Connect's back.
/// </summary>
public sealed class StockCheckScenario(double differentShare) : IScenario
{
    private int _changed;

    public string Name => differentShare == 0 ? "Stock check, no difference" : $"Stock check, {differentShare * 100:0} % different";
    public string Unit => "SKUs";

    public async Task PrepareAsync(BenchmarkContext context, CancellationToken ct)
    {
        await StockSetup.EnsureImportedAsync(context, ct);
        if (differentShare == 0) return;
        var rows = StockSetup.RowIdsByKey(context);
        var linked = await StockSetup.LinkedAsync(context, ct);
        var every = (int)Math.Round(1 / differentShare);
        using (context.Shop.State.Writing())
            for (var i = 0; i < linked.Count; i += every)
            {
                if (!rows.TryGetValue(linked[i].Key, out var rowId)) continue;
                var row = context.Shop.State.Find("stock_availables", rowId)!;
                row["quantity"] = (row.Int("quantity") + 3).ToString(CultureInfo.InvariantCulture);
                _changed++;
            }
    }

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct) =>
        (await context.RunFeedAsync(FeedKind.StockCheck, ct)).Counts.Processed;

    public Task FloorAsync(BenchmarkContext context, CancellationToken ct) => StockSetup.AllRowsFloorAsync(context, ct);

    public Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) => StockSetup.PerRecordAsync(context, sample, ct);

    public IReadOnlyList<string> Notes => differentShare == 0 ? [] : [$"{_changed:N0} SKUs changed in the shop, reported (not written: the integration is not Live)"];
}

/// <summary>
/// Stock export burst: 5 stock changes on each of 1,000 products (5,000 changes, each its own transaction through the
/// inventory service, as a person or a feed makes them), then one Stock level export run through the engine.
/// </summary>
public sealed class StockExportBurstScenario : IScenario
{
    private const int Products = 1_000, ChangesPerProduct = 5;
    private readonly List<int> _rows = [];
    private int _writesBefore, _writes, _changes;

    public string Name => "Stock export burst";
    public string Unit => "products";

    public async Task PrepareAsync(BenchmarkContext context, CancellationToken ct)
    {
        await StockSetup.GoLiveAndDrainAsync(context, ct);
        var rows = StockSetup.RowIdsByKey(context);
        var chosen = (await StockSetup.LinkedAsync(context, ct)).Where(l => rows.ContainsKey(l.Key)).Take(Products).ToList();
        _rows.AddRange(chosen.Select(c => rows[c.Key]));
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        var warehouseId = (await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == context.IntegrationId, ct)).Settings.StockImportWarehouseId!.Value;
        var inventory = context.Services.GetRequiredService<InventoryService>();
        for (var round = 0; round < ChangesPerProduct; round++)
            foreach (var (productId, _) in chosen)
            {
                await inventory.AdjustAsync(BenchmarkContext.Admin, new StockAdjustment(productId, warehouseId, AdjustmentMode.Add, 1, "Benchmark burst"), ct);
                _changes++;
            }
        _writesBefore = context.Shop.Writes.Count;
    }

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct)
    {
        var run = await context.RunFeedAsync(FeedKind.StockLevelExport, ct);
        _writes = context.Shop.Writes.Count - _writesBefore;
        return run.Counts.Processed;
    }

    /// <summary>Each product's stock row read and written once, at the integration's concurrency.</summary>
    public Task FloorAsync(BenchmarkContext context, CancellationToken ct) =>
        Parallel.ForEachAsync(_rows, new ParallelOptions { MaxDegreeOfParallelism = context.Raw.Concurrency, CancellationToken = ct },
            async (row, c) => await StockSetup.WriteRowRawAsync(context.Raw, row, c));

    /// <summary>A connector that pushes each change as it happens: read the row and write it, for every one of the 5,000 changes.</summary>
    public async Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct)
    {
        var requests = context.Traffic.Requests;
        var clock = Stopwatch.StartNew();
        var sampled = _rows.Take(sample).ToList();
        foreach (var row in sampled) await StockSetup.WriteRowRawAsync(context.Raw, row, ct);
        // Timed per change; the pattern makes one per change, so the total is scaled to the changes, not the products.
        return new PerRecordSample(_changes, TimeSpan.Zero, sampled.Count, clock.Elapsed, context.Traffic.Requests - requests);
    }

    public IReadOnlyList<string> Notes =>
    [
        string.Create(CultureInfo.InvariantCulture, $"{_changes:N0} changes on {_rows.Count:N0} products gave {_writes:N0} writes to the shop ({(double)_writes / Math.Max(1, _rows.Count):0.00} per product); the per-record pattern writes once per change"),
    ];
}

/// <summary>
/// Stock change to shop with the integration Live: one stock change at a time through the inventory service, and the time
/// until the shop's stock row shows it, through the real path (the save queues the export, StockExportWaker wakes at
/// commit and starts Stock level export through the engine).
/// </summary>
public sealed class StockChangeLatencyScenario : IScenario
{
    private const int Changes = 40;
    private readonly List<(int ProductId, int RowId)> _chosen = [];
    private readonly List<double> _latencies = [];
    private int _warehouseId;

    public string Name => "Stock change to shop (Live)";
    public string Unit => "changes";

    public async Task PrepareAsync(BenchmarkContext context, CancellationToken ct)
    {
        await StockSetup.GoLiveAndDrainAsync(context, ct);
        await context.Services.GetRequiredService<FeedScheduler>().ChangeAsync(context.IntegrationId, FeedKind.StockLevelExport,
            new ScheduleSettings(ScheduleMode.EveryHours, 1), BenchmarkContext.Admin, ct);
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        _warehouseId = (await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == context.IntegrationId, ct)).Settings.StockImportWarehouseId!.Value;
        // Products no order waits for: a unit added to one of those would go to the order, and the shop's quantity would not move.
        var ordered = (await db.OrderLines.AsNoTracking().Where(l => l.ProductId != null).Select(l => l.ProductId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
        var rows = StockSetup.RowIdsByKey(context);
        _chosen.AddRange((await StockSetup.LinkedAsync(context, ct)).Where(l => !ordered.Contains(l.ProductId) && rows.ContainsKey(l.Key))
            .Reverse().Take(Changes).Select(l => (l.ProductId, rows[l.Key])));
    }

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct)
    {
        var waker = context.Services.GetRequiredService<StockExportWaker>();
        var inventory = context.Services.GetRequiredService<InventoryService>();
        await waker.StartAsync(ct);
        try
        {
            foreach (var (productId, rowId) in _chosen)
            {
                var before = StockSetup.ShopQuantity(context, rowId);
                var clock = Stopwatch.StartNew();
                await inventory.AdjustAsync(BenchmarkContext.Admin, new StockAdjustment(productId, _warehouseId, AdjustmentMode.Add, 1, "Benchmark latency"), ct);
                while (StockSetup.ShopQuantity(context, rowId) == before)
                {
                    if (clock.Elapsed > TimeSpan.FromSeconds(60))
                        throw new TimeoutException($"The stock change of product {productId} did not reach the shop within 60 s: {await DiagnoseAsync(context, productId, ct)}");
                    await Task.Delay(5, ct);
                }
                _latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        finally
        {
            await waker.StopAsync(CancellationToken.None);
        }
        return _latencies.Count;
    }

    private static async Task<string> DiagnoseAsync(BenchmarkContext context, int productId, CancellationToken ct)
    {
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        var request = await db.StockExportRequests.AsNoTracking().SingleOrDefaultAsync(r => r.IntegrationId == context.IntegrationId && r.ProductId == productId, ct);
        var runs = await db.FeedRuns.AsNoTracking().Where(r => r.IntegrationId == context.IntegrationId && r.Feed == FeedKind.StockLevelExport)
            .OrderByDescending(r => r.Id).Take(3).Select(r => $"{r.Status} {r.Error}").ToListAsync(ct);
        return $"request version {request?.Version} handled {request?.HandledVersion} last exported {request?.LastExportedQuantity}; last export runs: {string.Join(" | ", runs)}";
    }

    /// <summary>Per change, the least a write takes: the row read and written back, one change after the other.</summary>
    public async Task FloorAsync(BenchmarkContext context, CancellationToken ct)
    {
        foreach (var (_, rowId) in _chosen) await StockSetup.WriteRowRawAsync(context.Raw, rowId, ct);
    }

    public Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) => Task.FromResult(PerRecordSample.NotApplicable);

    public IReadOnlyList<string> Notes
    {
        get
        {
            if (_latencies.Count == 0) return [];
            var sorted = _latencies.Order().ToList();
            double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
            return [string.Create(CultureInfo.InvariantCulture, $"change to shop p50 {At(0.5) / 1000:0.00} s, p95 {At(0.95) / 1000:0.00} s, max {sorted[^1] / 1000:0.00} s over {sorted.Count} changes made one after the other (the floor is one row read and written per change)")];
        }
    }
}
