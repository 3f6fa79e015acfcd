using System.Globalization;
using Connect.Benchmarks.Harness;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Microsoft.EntityFrameworkCore;

namespace Connect.Benchmarks.Scenarios;

/// <summary>
/// The order setup the order scenarios share: every shop state imported as valid except one "waiting" state that Retry looks
/// at again, every carrier and payment mapped, and every <see cref="ParkedEvery"/>-th shop order put in the waiting state,
/// so Import new orders parks them and Retry has a thousand orders to bring in (with 50,000 orders).
/// </summary>
internal static class OrderSetup
{
    public const int ParkedEvery = 50;
    public const string WaitingState = "benchmark-waiting";

    public static async Task EnsureAsync(BenchmarkContext context, CancellationToken ct)
    {
        if (context.Options.Orders == 0) throw new InvalidOperationException("The order scenarios need orders: pass --orders 50000.");
        await context.EnsureProductsImportedAsync(ct);
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        if (await db.OrderStatusRules.AnyAsync(r => r.IntegrationId == context.IntegrationId, ct)) return;

        var shop = context.Shop.State;
        string[] states, carriers, payments;
        using (shop.Writing())
        {
            var waitingId = shop.Table("order_states").Rows.Max(r => r.Id).ToString(CultureInfo.InvariantCulture);
            var otherId = shop.Table("order_states").Rows.Min(r => r.Id).ToString(CultureInfo.InvariantCulture);
            var orders = shop.Table("orders").Rows;
            // Only the chosen orders wait: the others in that state move to another one.
            foreach (var order in orders.Where(o => o["current_state"] == waitingId)) order["current_state"] = otherId;
            for (var i = ParkedEvery - 1; i < orders.Count; i += ParkedEvery)
                orders[i]["current_state"] = waitingId;
            states = shop.Table("order_states").Rows.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)).ToArray();
            carriers = shop.Table("carriers").Rows.Select(r => r["id_reference"]).Where(r => r.Length > 0).Distinct().ToArray();
            payments = orders.Select(r => r["payment"]).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        }
        var shipping = new ShippingMethod("Benchmark carrier");
        db.ShippingMethods.Add(shipping);
        var payment = new PaymentMethod("Benchmark payment");
        db.PaymentMethods.Add(payment);
        await db.SaveChangesAsync(ct);
        var waiting = states.Max(s => int.Parse(s, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        foreach (var state in states)
            db.OrderStatusRules.Add(state == waiting
                ? new OrderStatusRule(context.IntegrationId, state, WaitingState, OrderImportAction.DoNotImport, retry: true)
                : new OrderStatusRule(context.IntegrationId, state, $"State {state}", OrderImportAction.ImportAsValid, retry: false));
        foreach (var carrier in carriers) db.CarrierMappings.Add(new CarrierMapping(context.IntegrationId, carrier, $"Carrier {carrier}", shipping.Id));
        foreach (var name in payments) db.PaymentMappings.Add(new PaymentMapping(context.IntegrationId, name, payment.Id));
        await db.SaveChangesAsync(ct);
    }

    public static async Task EnsureImportedAsync(BenchmarkContext context, CancellationToken ct)
    {
        await EnsureAsync(context, ct);
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        if (!await db.ExternalLinks.AnyAsync(l => l.IntegrationId == context.IntegrationId && l.Kind == ExternalLinkKind.Order, ct))
            await context.RunFeedAsync(FeedKind.ImportNewOrders, ct);
    }

    /// <summary>One list call of order ids, then one GET per order (display=full is what a single GET returns).</summary>
    public static Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) =>
        CatalogReads.PerRecordAsync(context, "orders", sample,
            (id, c) => context.Raw.GetAsync(string.Create(CultureInfo.InvariantCulture, $"orders/{id}"), c), ct);
}

/// <summary>Import new orders from an empty order book: every shop order read, 49 of 50 imported (with reservations), 1 of 50 parked.</summary>
public sealed class ImportNewOrdersScenario : IScenario
{
    public string Name => "Import new orders";
    public string Unit => "orders";

    public Task PrepareAsync(BenchmarkContext context, CancellationToken ct) => OrderSetup.EnsureAsync(context, ct);

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct) =>
        (await context.RunFeedAsync(FeedKind.ImportNewOrders, ct)).Counts.Processed;

    /// <summary>The orders in full by id windows of the feed's page size, and the customers and addresses they name, by id sets.</summary>
    public async Task FloorAsync(BenchmarkContext context, CancellationToken ct)
    {
        var raw = context.Raw;
        var options = new OrderFeedOptions();
        var max = await raw.MaxIdAsync("orders", ct);
        await raw.ForEachWindowAsync(max, options.OrderPageSize, async (from, to, c) =>
        {
            var range = string.Create(CultureInfo.InvariantCulture, $"[{from},{to}]");
            var page = System.Xml.Linq.XDocument.Parse(await raw.GetAsync("orders", c, ("display", "full"), ("filter[id]", range)));
            var orders = page.Root!.Elements().First().Elements().ToList();
            await IdSetsAsync(raw, "customers", orders.Select(o => o.Element("id_customer")?.Value.Trim()), "[id,firstname,lastname,email]", options.IdSetSize, c);
            await IdSetsAsync(raw, "addresses", orders.Select(o => o.Element("id_address_delivery")?.Value.Trim()),
                "[id,firstname,lastname,company,address1,address2,postcode,city,phone,phone_mobile]", options.IdSetSize, c);
        }, ct);
    }

    private static Task IdSetsAsync(RawShop raw, string resource, IEnumerable<string?> ids, string fields, int setSize, CancellationToken ct) =>
        Task.WhenAll(ids.OfType<string>().Distinct().Chunk(setSize)
            .Select(chunk => raw.GetAsync(resource, ct, ("display", fields), ("filter[id]", "[" + string.Join("|", chunk) + "]"))));

    public Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct) => OrderSetup.PerRecordAsync(context, sample, ct);
}

/// <summary>Retry of the parked orders after their state's rule was changed to import: read again by id sets, imported.</summary>
public sealed class RetryParkedOrdersScenario : IScenario
{
    private int _parked;

    public string Name => "Retry of parked orders";
    public string Unit => "orders";

    public async Task PrepareAsync(BenchmarkContext context, CancellationToken ct)
    {
        await OrderSetup.EnsureImportedAsync(context, ct);
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        var rule = await db.OrderStatusRules.SingleAsync(r => r.IntegrationId == context.IntegrationId && r.StatusName == OrderSetup.WaitingState, ct);
        rule.Change(rule.StatusName, OrderImportAction.ImportAsValid, retry: false);
        await db.SaveChangesAsync(ct);
        _parked = await db.WaitingOrders.CountAsync(w => w.IntegrationId == context.IntegrationId, ct);
    }

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct) =>
        (await context.RunFeedAsync(FeedKind.Retry, ct)).Counts.Processed;

    /// <summary>The parked orders in full by id sets of the feed's size, at the integration's concurrency.</summary>
    public async Task FloorAsync(BenchmarkContext context, CancellationToken ct)
    {
        var ids = Enumerable.Range(1, _parked).Select(i => (i * OrderSetup.ParkedEvery).ToString(CultureInfo.InvariantCulture));
        await Parallel.ForEachAsync(ids.Chunk(new OrderFeedOptions().IdSetSize), new ParallelOptions { MaxDegreeOfParallelism = context.Raw.Concurrency, CancellationToken = ct },
            async (chunk, c) => await context.Raw.GetAsync("orders", c, ("display", "full"), ("filter[id]", "[" + string.Join("|", chunk) + "]")));
    }

    public async Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct)
    {
        var all = await OrderSetup.PerRecordAsync(context, sample, ct);
        // The pattern knows which orders wait: no list call, one GET per parked order.
        return all with { Total = _parked, ListTime = TimeSpan.Zero };
    }
}
