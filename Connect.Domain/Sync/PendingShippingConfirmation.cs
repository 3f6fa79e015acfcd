namespace Connect.Domain.Sync;

/// <summary>A shipment the shop has not yet been told about (tracking number and status).</summary>
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

    private PendingShippingConfirmation() { }

    public PendingShippingConfirmation(int integrationId, int orderId, int shipmentId, bool completesOrder, DateTime now) =>
        (IntegrationId, OrderId, ShipmentId, CompletesOrder, CreatedAt) = (integrationId, orderId, shipmentId, completesOrder, now);

    public void Confirmed(DateTime now) => ConfirmedAt = now;

    public void Failed(string error) => (Attempts, LastError) = (Attempts + 1, error);
}
