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
    /// <summary>
    /// Whether the shop still has and sells the linked record. A product linked from several shops stays active in Connect
    /// while one of its links is active.
    /// </summary>
    public bool Active { get; private set; } = true;

    private ExternalLink() { }

    public ExternalLink(int integrationId, ExternalLinkKind kind, string externalId, int localId, DateTime now, bool active = true)
    {
        if (string.IsNullOrWhiteSpace(externalId)) throw new DomainException("An external link needs the shop's id.");
        (IntegrationId, Kind, ExternalId, LocalId, SyncedAt, Active) = (integrationId, kind, externalId, localId, now, active);
    }

    public void Touch(DateTime now) => SyncedAt = now;

    /// <summary>Returns whether the shop's state changed.</summary>
    public bool SetActive(bool active, DateTime now)
    {
        if (Active == active) return false;
        (Active, SyncedAt) = (active, now);
        return true;
    }

    /// <summary>Points the link at another Connect record (the shop record now carries another record's identity).</summary>
    public void Relink(int localId, DateTime now) => (LocalId, SyncedAt) = (localId, now);
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
