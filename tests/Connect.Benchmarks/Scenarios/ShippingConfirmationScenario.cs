using System.Diagnostics;
using System.Globalization;
using Connect.Benchmarks.Harness;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Infrastructure.Shipping;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Benchmarks.Scenarios;

/// <summary>
/// Shipping confirmation of 1,000 shipments: 1,000 imported orders whose stock is reserved are shipped in Connect (the batch
/// ship of the orders grid, not measured), then one Shipping confirmation run tells the shop (tracking number on the
/// order's carrier row, then the shipped status).
/// </summary>
public sealed class ShippingConfirmationScenario : IScenario
{
    private const int Shipments = 1_000;
    private readonly List<string> _shopOrderIds = [];
    private string _shippedState = "";

    public string Name => "Shipping confirmation";
    public string Unit => "shipments";

    public async Task PrepareAsync(BenchmarkContext context, CancellationToken ct)
    {
        await StockSetup.EnsureImportedAsync(context, ct);
        await OrderSetup.EnsureImportedAsync(context, ct);
        using (context.Shop.State.Reading())
        {
            var states = context.Shop.State.Table("order_states").Rows;
            // PrestaShop's "Shipped" state is id 4 on a default install.
            _shippedState = (states.FirstOrDefault(r => r.Id == 4) ?? states[0]).Id.ToString(CultureInfo.InvariantCulture);
        }
        var state = _shippedState;
        await context.ChangeIntegrationAsync(i =>
        {
            i.ChangeSettings(i.Settings with { FullShipmentStatusId = state });
            i.GoLive();
        }, ct);
        await using var db = await context.Contexts.CreateDbContextAsync(ct);
        var ready = await db.Orders.AsNoTracking()
            .Where(o => o.IntegrationId == context.IntegrationId && o.Status == OrderStatus.Valid && o.PreparationState == PreparationState.InStock)
            .OrderBy(o => o.Id).Take(Shipments).Select(o => new { o.Id, o.ExternalNumber }).ToListAsync(ct);
        _shopOrderIds.AddRange(ready.Select(o => o.ExternalNumber));
        var shipping = context.Services.GetRequiredService<ShippingService>();
        var results = await shipping.ShipBatchAsync(BenchmarkContext.Admin,
            ready.Select(o => new BatchShipItem(o.Id, string.Create(CultureInfo.InvariantCulture, $"BENCH{o.Id:D8}"))).ToList(), ct);
        if (results.FirstOrDefault(r => !r.Shipped) is { } failed)
            throw new InvalidOperationException($"Order {failed.OrderNumber} did not ship: {failed.Error}");
    }

    public async Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct) =>
        (await context.RunFeedAsync(FeedKind.ShippingConfirmation, ct)).Counts.Processed;

    /// <summary>Per shipment the least the shop needs: its order read (current state), and the shipped status posted; at the integration's concurrency.</summary>
    public Task FloorAsync(BenchmarkContext context, CancellationToken ct) =>
        Parallel.ForEachAsync(_shopOrderIds, new ParallelOptions { MaxDegreeOfParallelism = context.Raw.Concurrency, CancellationToken = ct },
            async (id, c) => await ConfirmRawAsync(context.Raw, id, c));

    /// <summary>One shipment after the other: the order read, then the status posted.</summary>
    public async Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct)
    {
        var requests = context.Traffic.Requests;
        var clock = Stopwatch.StartNew();
        var sampled = _shopOrderIds.Take(sample).ToList();
        foreach (var id in sampled) await ConfirmRawAsync(context.Raw, id, ct);
        return new PerRecordSample(_shopOrderIds.Count, TimeSpan.Zero, sampled.Count, clock.Elapsed, context.Traffic.Requests - requests);
    }

    private Task ConfirmRawAsync(RawShop raw, string shopOrderId, CancellationToken ct) => ConfirmRawAsync(raw, shopOrderId, _shippedState, ct);

    private static async Task ConfirmRawAsync(RawShop raw, string shopOrderId, string state, CancellationToken ct)
    {
        await raw.GetAsync("orders", ct, ("display", "[id,current_state]"), ("filter[id]", $"[{shopOrderId}]"));
        await raw.SendAsync(HttpMethod.Post, "order_histories",
            $"<prestashop><order_history><id_order>{shopOrderId}</id_order><id_order_state>{state}</id_order_state></order_history></prestashop>", ct);
    }

    public IReadOnlyList<string> Notes => [$"{_shopOrderIds.Count:N0} orders in stock shipped in Connect before the run (each fully, with a tracking number)"];
}
