namespace Connect.Domain.Sync;

/// <summary>
/// A shipment the shop has not yet been told about (tracking number and status). Each shop write is recorded as its own
/// step (<see cref="TrackingSentAt"/>, <see cref="StatusSentAt"/>) and committed right after the write, so a rerun, a retry
/// or a crash between the two calls never repeats a step that is done.
/// </summary>
public sealed class PendingShippingConfirmation
{
    public long Id { get; private set; }
    public int IntegrationId { get; private set; }
    public int OrderId { get; private set; }
    public int ShipmentId { get; private set; }
    public bool CompletesOrder { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    public DateTime? ConfirmedAt { get; private set; }
    /// <summary>The tracking number is on the shop's order (or there was none to send).</summary>
    public DateTime? TrackingSentAt { get; private set; }
    /// <summary>The status is applied (by Connect, or found already applied), or there was no status to apply.</summary>
    public DateTime? StatusSentAt { get; private set; }
    /// <summary>The shop order's carrier is the one the parcel went with (or the update is off, or there was nothing to change).</summary>
    public DateTime? CarrierSentAt { get; private set; }
    /// <summary>
    /// The shop's last order-history id seen before Connect first wrote a status for this shipment: any history row after it
    /// with the target status is Connect's own write (maybe answered by an ambiguous 500), never to be posted again.
    /// </summary>
    public long? ShopHistoryBaseline { get; private set; }
    /// <summary>Which worker holds this confirmation until <see cref="ClaimedUntil"/>, so two instances never work on it at once.</summary>
    public Guid? ClaimToken { get; private set; }
    public DateTime? ClaimedUntil { get; private set; }

    private PendingShippingConfirmation() { }

    public PendingShippingConfirmation(int integrationId, int orderId, int shipmentId, bool completesOrder, DateTime now) =>
        (IntegrationId, OrderId, ShipmentId, CompletesOrder, CreatedAt) = (integrationId, orderId, shipmentId, completesOrder, now);

    public bool IsConfirmed => ConfirmedAt is not null;

    public void RememberHistoryBaseline(long lastHistoryId) => ShopHistoryBaseline ??= lastHistoryId;

    public void TrackingSent(DateTime now) => TrackingSentAt ??= now;

    public void StatusSent(DateTime now) => StatusSentAt ??= now;

    public void CarrierSent(DateTime now) => CarrierSentAt ??= now;

    public void Confirmed(DateTime now) => (ConfirmedAt, LastError, ClaimToken, ClaimedUntil) = (now, null, null, null);

    public void Failed(string error) =>
        (Attempts, LastError, ClaimToken, ClaimedUntil) = (Attempts + 1, error.Length > 2000 ? error[..2000] : error, null, null);
}
