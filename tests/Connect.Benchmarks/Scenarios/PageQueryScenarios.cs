using System.Diagnostics;
using System.Globalization;
using Connect.Benchmarks.Harness;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Infrastructure.Inventory;
using Connect.Infrastructure.Orders;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Benchmarks.Scenarios;

/// <summary>
/// What the page query scenarios share: filling the database up to the rows the target names (copies of imported rows,
/// made with plain SQL: only the query is measured), and timing each of the page's queries, median of several runs.
/// </summary>
internal static class PageQueries
{
    public const int Target = 100_000;
    private const int Runs = 5;

    /// <summary>Copies rows of <paramref name="table"/> (all columns but Id) with some columns replaced by SQL expressions.</summary>
    public static async Task<int> CopyRowsAsync(ConnectDbContext db, string table, IReadOnlyDictionary<string, string> replaced, string where, int limit, CancellationToken ct)
    {
        var columns = await db.Database.SqlQuery<string>($"SELECT name AS Value FROM pragma_table_info({table})").ToListAsync(ct);
        var target = string.Join(", ", columns.Where(c => c != "Id").Select(c => $"\"{c}\""));
        var source = string.Join(", ", columns.Where(c => c != "Id").Select(c => replaced.TryGetValue(c, out var e) ? e : $"\"{c}\""));
#pragma warning disable EF1002 // table and column names come from the schema, not from input
        return await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO \"{table}\" ({target}) SELECT {source} FROM \"{table}\" WHERE {where} ORDER BY \"Id\" LIMIT {limit.ToString(CultureInfo.InvariantCulture)}", ct);
#pragma warning restore EF1002
    }

    /// <summary>Runs each query once to warm up, then <see cref="Runs"/> times; the median of each, in ms.</summary>
    public static async Task<List<(string Query, double Ms, int Rows)>> TimeAsync(IReadOnlyList<(string Name, Func<Task<int>> Run)> queries)
    {
        var results = new List<(string, double, int)>();
        foreach (var (name, run) in queries)
        {
            var rows = await run();
            var times = new List<double>();
            for (var i = 0; i < Runs; i++)
            {
                var clock = Stopwatch.StartNew();
                await run();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            results.Add((name, times.Order().ElementAt(Runs / 2), rows));
        }
        return results;
    }

    public static IReadOnlyList<string> Describe(int total, string unit, IEnumerable<(string Query, double Ms, int Rows)> timings) =>
    [
        string.Create(CultureInfo.InvariantCulture, $"{total:N0} {unit} in the database; median of 5 runs per query: ") +
        string.Join(", ", timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Query} {t.Ms:0} ms"))),
    ];
}

/// <summary>
/// The orders grid's query (the portal's own <see cref="OrderQueries"/>) over 100,000 orders: the imported orders, copied up to
/// 100,000 with new numbers (lines stay with the imported ones).
/// </summary>
public sealed class OrdersGridQueryScenario : IScenario
{
    private int _orders;
    private string _customer = "", _sku = "";
    private List<(string Query, double Ms, int Rows)> _timings = [];

    public string Name => "Orders grid page query";
    public string Unit => "queries";

    public async Task PrepareAsync(BenchmarkContext context, CancellationToken ct)
    {
        await OrderSetup.EnsureImportedAsync(context, ct);
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        for (var round = 1; (_orders = await db.Orders.CountAsync(ct)) < PageQueries.Target; round++)
            await PageQueries.CopyRowsAsync(db, "Orders", new Dictionary<string, string> { ["ExternalNumber"] = $"\"ExternalNumber\" || '-c{round}'" },
                "\"ExternalNumber\" NOT LIKE '%-c%'", PageQueries.Target - _orders, ct);
        _orders = await db.Orders.CountAsync(ct);
        var sample = await db.Orders.AsNoTracking().OrderBy(o => o.Id).Skip(_orders / 3).Select(o => o.Customer.Name).FirstAsync(ct);
        _customer = sample.Split(' ')[^1];
        _sku = await db.OrderLines.AsNoTracking().OrderBy(l => l.Id).Skip(1000).Select(l => l.Sku).FirstAsync(ct);
    }

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct)
    {
        var queries = context.Services.GetRequiredService<OrderQueries>();
        var user = BenchmarkContext.Admin;
        Func<Task<int>> Page(OrderListQuery filter, int skip = 0) => async () => (await queries.ListAsync(user, filter, skip, 25, ct)).Rows.Count;
        _timings = await PageQueries.TimeAsync(
        [
            ("first page (all)", Page(new OrderListQuery())),
            ("Backorder tab", Page(new OrderListQuery(Tab: OrderTab.Backorder))),
            ("In stock tab", Page(new OrderListQuery(Tab: OrderTab.InStock))),
            ("status Valid", Page(new OrderListQuery(Status: OrderStatus.Valid))),
            ("page 2,000", Page(new OrderListQuery(), 2_000 * 25)),
            ($"search customer '{_customer}'", Page(new OrderListQuery(Search: _customer))),
            ($"search SKU '{_sku}'", Page(new OrderListQuery(Search: _sku))),
        ]);
        return _timings.Count;
    }

    public Task FloorAsync(BenchmarkContext context, CancellationToken ct) => Task.CompletedTask;

    public Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) => Task.FromResult(PerRecordSample.NotApplicable);

    public IReadOnlyList<string> Notes => PageQueries.Describe(_orders, "orders", _timings);
}

/// <summary>
/// The stock page's query (the portal's own <see cref="StockQueries"/>) over 100,000 product × warehouse rows: the imported
/// SKUs in enough active warehouses, the default warehouse's stock rows copied into each.
/// </summary>
public sealed class StockPageQueryScenario : IScenario
{
    private int _rows;
    private string _search = "";
    private List<(string Query, double Ms, int Rows)> _timings = [];

    public string Name => "Stock page query";
    public string Unit => "queries";

    public async Task PrepareAsync(BenchmarkContext context, CancellationToken ct)
    {
        await StockSetup.EnsureImportedAsync(context, ct);
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        var products = await db.Products.CountAsync(ct);
        var source = await db.Stores.Select(s => s.DefaultWarehouseId).FirstAsync(ct);
        while ((await db.Warehouses.CountAsync(w => w.Active, ct)) * products < PageQueries.Target)
        {
            var number = await db.Warehouses.CountAsync(ct) + 1;
            var warehouse = new Warehouse($"Benchmark warehouse {number}", $"BW{number}");
            db.Warehouses.Add(warehouse);
            await db.SaveChangesAsync(ct);
            await PageQueries.CopyRowsAsync(db, "StockLevels",
                new Dictionary<string, string> { ["WarehouseId"] = warehouse.Id.ToString(CultureInfo.InvariantCulture) },
                $"\"WarehouseId\" = {source.ToString(CultureInfo.InvariantCulture)}", products, ct);
        }
        _rows = await db.Warehouses.CountAsync(w => w.Active, ct) * products;
        var sku = await db.Products.AsNoTracking().OrderBy(p => p.Id).Skip(products / 2).Select(p => p.Sku).FirstAsync(ct);
        _search = sku.Length > 6 ? sku[..6] : sku;
    }

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct)
    {
        var queries = context.Services.GetRequiredService<StockQueries>();
        Func<Task<int>> Page(StockListQuery query) => async () => (await queries.ListAsync(query, ct)).Rows.Count;
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        var warehouse = await db.Stores.Select(s => s.DefaultWarehouseId).FirstAsync(ct);
        _timings = await PageQueries.TimeAsync(
        [
            ("first page", Page(new StockListQuery())),
            ("page 1,000", Page(new StockListQuery(Skip: 1_000 * 50))),
            ("one warehouse", Page(new StockListQuery(WarehouseId: warehouse))),
            ("low stock", Page(new StockListQuery(Filter: StockFilter.Low))),
            ($"search '{_search}'", Page(new StockListQuery(Search: _search))),
        ]);
        return _timings.Count;
    }

    public Task FloorAsync(BenchmarkContext context, CancellationToken ct) => Task.CompletedTask;

    public Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) => Task.FromResult(PerRecordSample.NotApplicable);

    public IReadOnlyList<string> Notes => PageQueries.Describe(_rows, "product × warehouse rows", _timings);
}
