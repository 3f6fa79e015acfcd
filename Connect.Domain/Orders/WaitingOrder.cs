namespace Connect.Domain.Orders;

/// <summary>
/// A shop order Connect has seen but not imported yet: its state is one that may still become importable (a
/// pending payment, with Retry on its status rule), or its import failed on something a person must fix (an
/// unmapped carrier, a product the shop no longer has). The Retry feed looks at it again. Its lines' quantities are
/// promised to a customer, so the stock export holds them back from the shop until the order is imported or dropped.
/// </summary>
public sealed class WaitingOrder
{
    private readonly List<WaitingOrderLine> _lines = [];

    public long Id { get; private set; }
    public int IntegrationId { get; private set; }
    public int StoreId { get; private set; }
    /// <summary>The shop's order id (the key; split orders share a reference).</summary>
    public string ExternalNumber { get; private set; } = "";
    public string? ExternalReference { get; private set; }
    /// <summary>The shop's order state when last read.</summary>
    public string ExternalStatusId { get; private set; } = "";
    public string? StatusName { get; private set; }
    public WaitingReason Reason { get; private set; }
    /// <summary>Why the order waits and how to fix it, in plain words.</summary>
    public string Message { get; private set; } = "";
    public DateTime PlacedAt { get; private set; }
    public DateTime FirstSeenAt { get; private set; }
    public DateTime LastCheckedAt { get; private set; }
    public int Attempts { get; private set; }
    public IReadOnlyList<WaitingOrderLine> Lines => _lines;

    private WaitingOrder() { }

    public WaitingOrder(int integrationId, int storeId, string externalNumber, string? externalReference, DateTime placedAt,
        IEnumerable<WaitingOrderLine> lines, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(externalNumber)) throw new DomainException("A waiting order needs the shop's order id.");
        (IntegrationId, StoreId, ExternalNumber, ExternalReference, PlacedAt) = (integrationId, storeId, externalNumber.Trim(), externalReference, placedAt);
        FirstSeenAt = LastCheckedAt = now;
        _lines.AddRange(lines);
    }

    /// <summary>Records what the latest look found: the state, why the order still waits, and how to fix it.</summary>
    public void Seen(string externalStatusId, string? statusName, WaitingReason reason, string message, DateTime now)
    {
        (ExternalStatusId, StatusName, Reason) = (externalStatusId, statusName, reason);
        Message = message.Length > 2000 ? message[..2000] : message;
        LastCheckedAt = now;
        Attempts++;
    }

    /// <summary>Replaces the promised quantities (the shop's order lines can be edited while it waits).</summary>
    public void ReplaceLines(IEnumerable<WaitingOrderLine> lines)
    {
        _lines.Clear();
        _lines.AddRange(lines);
    }
}

/// <summary>A promised quantity of a waiting order. <see cref="ProductId"/> is null while the product is unknown to Connect.</summary>
public sealed class WaitingOrderLine
{
    public long Id { get; private set; }
    public long WaitingOrderId { get; private set; }
    public int? ProductId { get; private set; }
    /// <summary>The shop's product key, "{productId}-{combinationId}" as in the product external links.</summary>
    public string ExternalProductKey { get; private set; } = "";
    public string Sku { get; private set; } = "";
    public int Quantity { get; private set; }

    private WaitingOrderLine() { }

    public WaitingOrderLine(int? productId, string externalProductKey, string sku, int quantity)
    {
        if (quantity <= 0) throw new DomainException($"Line {sku} has quantity {quantity}; a line needs at least 1.");
        (ProductId, ExternalProductKey, Sku, Quantity) = (productId, externalProductKey, sku, quantity);
    }
}

public enum WaitingReason
{
    /// <summary>The order's state is not imported but may still change (Retry is on for it).</summary>
    AwaitingStatus,
    /// <summary>The import failed on something to fix (mapping, product); Retry imports it once fixed.</summary>
    ImportFailed,
}
