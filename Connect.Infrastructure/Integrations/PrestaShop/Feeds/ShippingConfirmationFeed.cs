using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Shipping;
using Connect.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Shipping confirmation (Live only): tells the shop about each shipment exactly once. Fully shipped: the tracking numbers
/// go on the order's carrier row, then the "full shipment" status is posted; partially shipped: only the "partial
/// shipment" status. Before a status is posted the order's current state and history are read: a status found applied since
/// Connect first looked (its own earlier write, answered by a 500 or lost in a crash) is never posted again, and an order
/// the shop already shows in another shipped state (Delivered) is never set back. Each step is committed on the
/// confirmation the moment the shop took it.
/// </summary>
public sealed class ShippingConfirmationFeed(
    ShippingConfirmationQueue queue, IDbContextFactory<ConnectDbContext> contexts, ShippingConfirmationOptions options, ICatalogClientSource clients)
    : PrestaShopCatalogFeed(clients)
{
    public override FeedKind Kind => FeedKind.ShippingConfirmation;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var settings = await SettingsAsync(run.IntegrationId, ct);
        var tally = new FeedTally();
        var states = new Lazy<Task<IReadOnlyDictionary<long, OrderState>>>(() => ReadStatesAsync(client, ct));
        var gate = new Lock();
        var afterId = 0L;
        while (true)
        {
            var batch = await queue.ClaimAsync(run.IntegrationId, options.BatchSize, afterId, ct);
            if (batch.Count == 0) break;
            afterId = batch[^1].Id;
            try
            {
                await ConfirmBatchAsync(client, run, settings, states, batch, tally, gate, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A cancelled run behaves like a crash: its claim expires. A failed one hands its rows back at once.
                await queue.ReleaseAsync(batch[0].Token, CancellationToken.None);
                throw;
            }
            run.Report(tally.Counts, null, $"Confirmed shipments up to confirmation {afterId}");
        }
        return tally.Counts;
    }

    private async Task ConfirmBatchAsync(PrestaShopClient client, ICatalogFeedRun run, ConfirmationSettings settings,
        Lazy<Task<IReadOnlyDictionary<long, OrderState>>> states, IReadOnlyList<ShippingConfirmationWork> batch, FeedTally tally, Lock gate,
        CancellationToken ct) =>
            // One order's confirmations run in sequence (its partial status before its full one); orders run side by side.
            await Parallel.ForEachAsync(batch.GroupBy(w => w.OrderId),
                new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = ct },
                async (order, token) =>
                {
                    foreach (var work in order)
                    {
                        var outcome = await ConfirmAsync(client, run, settings, states, work, token);
                        lock (gate)
                        {
                            tally.Processed++;
                            if (outcome == Outcome.Confirmed) tally.Updated++;
                            else if (outcome == Outcome.Failed) tally.Failed++;
                            else tally.Skipped++;
                        }
                    }
                });

    private enum Outcome { Confirmed, Failed, ClaimLost }

    private async Task<Outcome> ConfirmAsync(PrestaShopClient client, ICatalogFeedRun run, ConfirmationSettings settings,
        Lazy<Task<IReadOnlyDictionary<long, OrderState>>> states, ShippingConfirmationWork work, CancellationToken ct)
    {
        try
        {
            if (work.ExternalOrderId is not { } external || !long.TryParse(external, NumberStyles.None, CultureInfo.InvariantCulture, out var shopOrderId))
                return await FailAsync(run, work, $"Order {work.OrderNumber} has no link to an order of this shop, so its shipment cannot be confirmed. " +
                    "Import the order with this integration (Import new orders), or confirm the shipment in the shop by hand.", ct);

            var currentState = await CurrentStateAsync(client, shopOrderId, ct);
            if (currentState is null)
                return await FailAsync(run, work, $"Order {work.OrderNumber} no longer exists in the shop (deleted in the back office?). " +
                    "Confirm the shipment to the customer by hand; the confirmation is retried on each run until it is confirmed.", ct);

            // The carrier first: the tracking number then goes on the row of the carrier the parcel went with.
            if (settings.CarrierRules is { } rules && !work.CarrierSent)
            {
                if (await UpdateCarrierAsync(client, run, rules, work, shopOrderId, ct) is { } carrierOutcome) return carrierOutcome;
                if (!await queue.RecordAsync(work, (c, now) => c.CarrierSent(now), ct)) return Outcome.ClaimLost;
            }

            if (work.CompletesOrder && !work.TrackingSent)
            {
                if (await SendTrackingAsync(client, run, settings, work, shopOrderId, ct) is { } trackingOutcome) return trackingOutcome;
                if (!await queue.RecordAsync(work, (c, now) => c.TrackingSent(now), ct)) return Outcome.ClaimLost;
            }

            if (!work.StatusSent)
            {
                if (await ApplyStatusAsync(client, run, settings, states, work, shopOrderId, currentState.Value, ct) is { } statusOutcome) return statusOutcome;
                if (!await queue.RecordAsync(work, (c, now) => c.StatusSent(now), ct)) return Outcome.ClaimLost;
            }

            return await queue.ConfirmedAsync(work, Kind.DisplayName(), run.RunId, Confirmation(work, settings), ct) ? Outcome.Confirmed : Outcome.ClaimLost;
        }
        catch (PrestaShopException ex) when (!ex.IsFatal)
        {
            return await FailAsync(run, work, $"Order {work.OrderNumber}: {ex.Message}. {ex.Explanation}", ct);
        }
    }

    /// <summary>
    /// Null when the shop's order now has the carrier its shipment's method maps to (or no rule maps it: then it is left alone).
    /// Both writes read first and change only what differs, so a rerun after a crash between them finishes without repeating.
    /// </summary>
    private async Task<Outcome?> UpdateCarrierAsync(PrestaShopClient client, ICatalogFeedRun run, IReadOnlyList<ShopCarrierRule> rules,
        ShippingConfirmationWork work, long shopOrderId, CancellationToken ct)
    {
        if (ShopCarrierRule.For(rules, work.ShippingMethodId) is not { } rule) return null;
        var carrierId = await client.CurrentCarrierIdAsync(rule.CarrierReference, ct);
        if (carrierId is null)
            return await FailAsync(run, work, $"The shop carrier '{rule.CarrierName}' (reference {rule.CarrierReference}) no longer exists, so the carrier of order " +
                $"{work.OrderNumber} cannot be set. Choose another carrier in the integration's Configuration > Carrier update; the confirmation is retried on the next run.", ct);
        if (await client.SetOrderCarrierAsync(shopOrderId, carrierId.Value, ct))
            await run.LogAsync(FeedLogLevel.Info, $"Order {work.OrderNumber}: carrier set to '{rule.CarrierName}' in the shop.",
                shopOrderId.ToString(CultureInfo.InvariantCulture), "order", work.OrderId);
        return null;
    }

    /// <summary>What the shop was told, for the order's history.</summary>
    private static string Confirmation(ShippingConfirmationWork work, ConfirmationSettings settings)
    {
        var status = work.CompletesOrder ? settings.FullStatus : settings.PartialStatus;
        var tracking = work.CompletesOrder && work.TrackingNumbers.Count > 0 ? $"tracking {string.Join(" ", work.TrackingNumbers)}" : "no tracking number";
        return $"{(work.CompletesOrder ? "Full" : "Partial")} shipment (shipment {work.ShipmentId}): {tracking}; " +
            (status is { } s ? $"shop status {s}" : "no status configured");
    }

    /// <summary>Null when the tracking number is on the shop's carrier row (or there is none to send).</summary>
    private async Task<Outcome?> SendTrackingAsync(PrestaShopClient client, ICatalogFeedRun run, ConfirmationSettings settings,
        ShippingConfirmationWork work, long shopOrderId, CancellationToken ct)
    {
        if (work.TrackingNumbers.Count == 0) return null;
        var carriers = await client.ListAsync<OrderCarrier>(
            PrestaShopQuery.Create().Equal("id_order", shopOrderId).Display("id", "tracking_number").OrderBy("id"), ct);
        if (carriers.Count == 0)
            return await FailAsync(run, work, $"Order {work.OrderNumber} has no carrier in the shop, so its tracking number has nowhere to go. " +
                "Choose a carrier on the order in the shop's back office; the confirmation is retried on the next run.", ct);
        // After a carrier change the order has several rows; the last one is the carrier the order ships with.
        var carrier = carriers[^1];
        if (work.TrackingNumbers.FirstOrDefault(n => !TrackingNumberRules.HasOnlyAllowedCharacters(n)) is { } invalid)
        {
            if (carrier.TrackingNumber.Length == 0)
                return await FailAsync(run, work, $"Tracking number '{invalid}' of order {work.OrderNumber} contains characters PrestaShop refuses " +
                    $"(it accepts {TrackingNumberRules.AllowedCharacters}). Enter the number on the order in the shop's back office: " +
                    "the next run keeps it and applies the status.", ct);
            await run.LogAsync(FeedLogLevel.Info, $"Order {work.OrderNumber}: kept the tracking number '{carrier.TrackingNumber}' entered in the shop.",
                shopOrderId.ToString(CultureInfo.InvariantCulture), "order", work.OrderId);
            return null;
        }
        var (joined, left) = JoinTracking(work.TrackingNumbers);
        if (left.Count > 0)
            await run.LogAsync(FeedLogLevel.Warning,
                $"Order {work.OrderNumber}: tracking numbers {string.Join(", ", left)} do not fit the shop's {TrackingNumberRules.MaxLength} characters; " +
                "add them to the order's messages in the shop's back office.", shopOrderId.ToString(CultureInfo.InvariantCulture), "order", work.OrderId);
        await client.SetTrackingNumberAsync(carrier.Id, joined, settings.SendEmail, ct);
        return null;
    }

    /// <summary>Null when the status is applied now, was found applied, or there is none to apply.</summary>
    private async Task<Outcome?> ApplyStatusAsync(PrestaShopClient client, ICatalogFeedRun run, ConfirmationSettings settings,
        Lazy<Task<IReadOnlyDictionary<long, OrderState>>> states, ShippingConfirmationWork work, long shopOrderId, long currentState, CancellationToken ct)
    {
        var target = work.CompletesOrder ? settings.FullStatus : settings.PartialStatus;
        if (target is not { } stateId) return null;
        // A later shipment completed the order: posting the partial status now would only move the order backwards.
        if (!work.CompletesOrder && work.Superseded) return null;
        var known = await states.Value;
        if (!known.TryGetValue(stateId, out _))
            return await FailAsync(run, work, $"The {(work.CompletesOrder ? "full" : "partial")} shipment status (state {stateId}) does not exist in the shop. " +
                "Choose an existing status in the integration's Configuration > Shipping confirmation.", ct);

        var history = await HistoryAsync(client, shopOrderId, ct);
        var baseline = work.ShopHistoryBaseline;
        if (baseline is null)
        {
            var last = history.Count == 0 ? 0 : history.Max(h => h.Id);
            // Committed before the first status write: from now on any row after it with the status is Connect's own.
            if (!await queue.RecordAsync(work, (c, _) => c.RememberHistoryBaseline(last), ct)) return Outcome.ClaimLost;
            baseline = last;
        }
        if (currentState == stateId || history.Any(h => h.Id > baseline && h.IdOrderState == stateId))
            return null;
        // The order moved on to a shipped state of its own (Delivered, or Shipped set by hand): never set it back.
        if (known.TryGetValue(currentState, out var current) && current.Shipped && currentState != settings.PartialStatus)
        {
            await run.LogAsync(FeedLogLevel.Info, $"Order {work.OrderNumber} is already '{current.Name}' in the shop; its status is left as it is.",
                shopOrderId.ToString(CultureInfo.InvariantCulture), "order", work.OrderId);
            return null;
        }
        try
        {
            await client.PostAsync(OrderHistory.ResourceName, new System.Xml.Linq.XElement(OrderHistory.ElementName,
                    new System.Xml.Linq.XElement("id_order", shopOrderId.ToString(CultureInfo.InvariantCulture)),
                    new System.Xml.Linq.XElement("id_order_state", stateId.ToString(CultureInfo.InvariantCulture))),
                settings.SendEmail ? [new KeyValuePair<string, string>("sendemail", "1")] : null, ct);
        }
        catch (PrestaShopException ex) when (PrestaShopClient.IsAmbiguous(ex))
        {
            // PHP warnings or a lost answer after the write: believe the order's history, not the status code.
            if ((await HistoryAsync(client, shopOrderId, ct)).Any(h => h.Id > baseline && h.IdOrderState == stateId))
                return null;
            throw;
        }
        return null;
    }

    /// <summary>Tracking numbers joined with a space, oldest first, as many as fit the shop's column; the others are returned.</summary>
    public static (string Joined, IReadOnlyList<string> Left) JoinTracking(IReadOnlyList<string> numbers)
    {
        var joined = "";
        var left = new List<string>();
        foreach (var number in numbers)
        {
            var next = joined.Length == 0 ? number : joined + " " + number;
            if (next.Length <= TrackingNumberRules.MaxLength) joined = next;
            else left.Add(number);
        }
        return (joined, left);
    }

    private async Task<Outcome> FailAsync(ICatalogFeedRun run, ShippingConfirmationWork work, string message, CancellationToken ct)
    {
        await run.LogAsync(FeedLogLevel.Error, message, work.ExternalOrderId, "order", work.OrderId);
        return await queue.RecordAsync(work, (c, _) => c.Failed(message), ct) ? Outcome.Failed : Outcome.ClaimLost;
    }

    private static async Task<long?> CurrentStateAsync(PrestaShopClient client, long shopOrderId, CancellationToken ct)
    {
        var rows = await client.ListAsync<Order>(PrestaShopQuery.Create().Equal("id", shopOrderId).Display("id", "current_state"), ct);
        return rows.Count == 0 ? null : rows[0].CurrentState;
    }

    private static Task<IReadOnlyList<OrderHistory>> HistoryAsync(PrestaShopClient client, long shopOrderId, CancellationToken ct) =>
        client.ListAsync<OrderHistory>(PrestaShopQuery.Create().Equal("id_order", shopOrderId).Display("id", "id_order_state").OrderBy("id"), ct);

    private static async Task<IReadOnlyDictionary<long, OrderState>> ReadStatesAsync(PrestaShopClient client, CancellationToken ct) =>
        (await client.ListAsync<OrderState>(PrestaShopQuery.Create().Display("id", "name", "shipped", "deleted"), ct))
            .Where(s => !s.Deleted).ToDictionary(s => s.Id);

    private async Task<ConfirmationSettings> SettingsAsync(int integrationId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var settings = (await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId, ct)).Settings;
        // Off: no rule list at all, so the shop's carrier is never read or touched.
        var rules = settings.UpdateShopCarrier ? await db.ShopCarrierRules.AsNoTracking().Where(r => r.IntegrationId == integrationId).ToListAsync(ct) : null;
        return new ConfirmationSettings(StateId(settings.FullShipmentStatusId), StateId(settings.PartialShipmentStatusId), settings.SendShippingEmail,
            Math.Clamp(settings.RequestConcurrency, 1, 16), rules);
    }

    private static long? StateId(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    private sealed record ConfirmationSettings(long? FullStatus, long? PartialStatus, bool SendEmail, int Concurrency, IReadOnlyList<ShopCarrierRule>? CarrierRules);
}

/// <summary>How many confirmations a run claims at a time.</summary>
public sealed record ShippingConfirmationOptions
{
    public int BatchSize { get; init; } = 100;
}
