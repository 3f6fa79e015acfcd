namespace Connect.Domain.Integrations;

/// <summary>
/// Binds a Connect record to a shop's record, per integration. Unique both ways: one shop id maps to one
/// Connect record and back, which is what keeps reruns from duplicating anything.
/// </summary>
public sealed class ExternalLink
{
    public long Id { get; private set; }
    public int IntegrationId { get; private set; }
    public ExternalLinkKind Kind { get; private set; }
    public string ExternalId { get; private set; } = "";
    public int LocalId { get; private set; }
    public DateTime SyncedAt { get; private set; }

    private ExternalLink() { }

    public ExternalLink(int integrationId, ExternalLinkKind kind, string externalId, int localId, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(externalId)) throw new DomainException("An external link needs the shop's id.");
        (IntegrationId, Kind, ExternalId, LocalId, SyncedAt) = (integrationId, kind, externalId, localId, now);
    }

    public void Touch(DateTime now) => SyncedAt = now;
}

public enum ExternalLinkKind
{
    Product,
    ProductImage,
    Supplier,
    ProductSupplier,
    Order,
    Shipment,
}
