using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Domain.Sync;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Sync;

/// <summary>
/// One pending confirmation as a feed needs it: the shop's order id, every tracking number of the order (oldest first)
/// and the steps already done. <see cref="Superseded"/>: a later shipment of the same order waits too, so a partial
/// status would only be overwritten (or worse, set an order back from fully shipped).
/// </summary>
public sealed record ShippingConfirmationWork(
    long Id, Guid Token, int OrderId, string OrderNumber, string? ExternalOrderId, int ShipmentId, bool CompletesOrder,
    IReadOnlyList<string> TrackingNumbers, bool TrackingSent, bool StatusSent, long? ShopHistoryBaseline, bool Superseded, int Attempts,
    int? ShippingMethodId = null, bool CarrierSent = false);

/// <summary>
/// The outbox of shipping confirmations. A feed claims a batch (a claim token and an expiry on the rows, taken with one
/// conditional update, so two instances never hold the same row), then records each step the moment the shop took it.
/// A claim left by a crashed run expires and the rows are picked up again, with their steps intact.
/// </summary>
public sealed class ShippingConfirmationQueue(IDbContextFactory<ConnectDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(10);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Claims up to <paramref name="count"/> open confirmations of the integration after <paramref name="afterId"/>, oldest
    /// first (a run moves forward, so a confirmation that failed in this run waits for the next one).
    /// </summary>
    public async Task<IReadOnlyList<ShippingConfirmationWork>> ClaimAsync(int integrationId, int count, long afterId, CancellationToken ct)
    {
        var now = Now;
        var token = Guid.NewGuid();
        var until = now + ClaimDuration;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var candidates = await db.PendingShippingConfirmations
            .Where(c => c.IntegrationId == integrationId && c.Id > afterId && c.ConfirmedAt == null && (c.ClaimedUntil == null || c.ClaimedUntil < now))
            .OrderBy(c => c.Id).Select(c => c.Id).Take(count).ToListAsync(ct);
        if (candidates.Count == 0) return [];
        // The condition is repeated in the update: a row another instance claimed meanwhile is not taken.
        await db.PendingShippingConfirmations
            .Where(c => candidates.Contains(c.Id) && c.ConfirmedAt == null && (c.ClaimedUntil == null || c.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimToken, token).SetProperty(c => c.ClaimedUntil, until), ct);
        var claimed = await db.PendingShippingConfirmations.AsNoTracking().Where(c => c.ClaimToken == token).OrderBy(c => c.Id).ToListAsync(ct);
        if (claimed.Count == 0) return [];

        var orderIds = claimed.Select(c => c.OrderId).Distinct().ToList();
        var links = await db.ExternalLinks.AsNoTracking()
            .Where(l => l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Order && orderIds.Contains(l.LocalId))
            .ToDictionaryAsync(l => l.LocalId, l => l.ExternalId, ct);
        var numbers = await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.ExternalNumber, ct);
        var shipments = await db.Shipments.AsNoTracking().Where(s => orderIds.Contains(s.OrderId))
            .Select(s => new { s.Id, s.OrderId, s.TrackingNumber, s.ShippingMethodId }).ToListAsync(ct);
        var open = await db.PendingShippingConfirmations.AsNoTracking()
            .Where(c => orderIds.Contains(c.OrderId) && c.ConfirmedAt == null).Select(c => new { c.Id, c.OrderId }).ToListAsync(ct);

        return claimed.Select(c => new ShippingConfirmationWork(
            c.Id, token, c.OrderId, numbers.GetValueOrDefault(c.OrderId, c.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            links.GetValueOrDefault(c.OrderId), c.ShipmentId, c.CompletesOrder,
            shipments.Where(s => s.OrderId == c.OrderId && s.TrackingNumber != null && s.Id <= c.ShipmentId)
                .OrderBy(s => s.Id).Select(s => s.TrackingNumber!).Distinct(StringComparer.Ordinal).ToList(),
            c.TrackingSentAt is not null, c.StatusSentAt is not null, c.ShopHistoryBaseline,
            open.Any(o => o.OrderId == c.OrderId && o.Id > c.Id), c.Attempts,
            shipments.FirstOrDefault(s => s.Id == c.ShipmentId)?.ShippingMethodId, c.CarrierSentAt is not null)).ToList();
    }

    /// <summary>
    /// Applies a step to a claimed row and commits it at once. False when the claim was lost (expired and taken by another
    /// instance): the caller must stop working on that row.
    /// </summary>
    public Task<bool> RecordAsync(ShippingConfirmationWork work, Action<PendingShippingConfirmation, DateTime> step, CancellationToken ct) =>
        RecordAsync(work, step, null, ct);

    /// <summary>
    /// Marks a claimed confirmation done and writes it into the order's history in the same save. False when the claim was
    /// lost. <paramref name="by"/> is the feed's name, <paramref name="feedRunId"/> its run.
    /// </summary>
    public Task<bool> ConfirmedAsync(ShippingConfirmationWork work, string by, long? feedRunId, string note, CancellationToken ct) =>
        RecordAsync(work, (c, now) => c.Confirmed(now),
            (db, row, now) => db.OrderEvents.Add(new OrderEvent(row.OrderId, OrderEventKind.ShippingConfirmationSent, new OrderActor(by, now, feedRunId), note)), ct);

    private async Task<bool> RecordAsync(ShippingConfirmationWork work, Action<PendingShippingConfirmation, DateTime> step,
        Action<ConnectDbContext, PendingShippingConfirmation, DateTime>? alongside, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.PendingShippingConfirmations.SingleOrDefaultAsync(c => c.Id == work.Id && c.ClaimToken == work.Token, ct);
        if (row is null) return false;
        var now = Now;
        step(row, now);
        alongside?.Invoke(db, row, now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Gives back what a batch still holds, so a run that failed as a whole (bad key, shop down) does not keep its rows waiting for the claim to expire.</summary>
    public async Task ReleaseAsync(Guid token, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.PendingShippingConfirmations.Where(c => c.ClaimToken == token)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimToken, (Guid?)null).SetProperty(c => c.ClaimedUntil, (DateTime?)null), ct);
    }

    /// <summary>Confirmations not yet confirmed, for the portal: waiting or failed with the reason. Null stores = all.</summary>
    public async Task<IReadOnlyList<ShippingConfirmationView>> ListOpenAsync(IReadOnlySet<int>? stores, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var storeIds = stores?.ToList();
        var rows = await (
            from c in db.PendingShippingConfirmations.AsNoTracking()
            where c.ConfirmedAt == null
            join o in db.Orders on c.OrderId equals o.Id
            join i in db.Integrations on c.IntegrationId equals i.Id
            where storeIds == null || storeIds.Contains(o.StoreId)
            orderby c.Id
            select new ShippingConfirmationView(c.Id, c.OrderId, o.ExternalNumber, o.StoreId, i.Name, i.IsLive, c.CompletesOrder, c.CreatedAt,
                c.Attempts, c.LastError, c.TrackingSentAt != null, c.StatusSentAt != null))
            .ToListAsync(ct);
        return rows;
    }
}

/// <summary>A confirmation still open, as the portal lists it.</summary>
public sealed record ShippingConfirmationView(
    long Id, int OrderId, string OrderNumber, int StoreId, string Integration, bool IntegrationLive, bool CompletesOrder, DateTime CreatedAt,
    int Attempts, string? LastError, bool TrackingSent, bool StatusSent)
{
    public bool Failed => LastError is not null;
}
