namespace Connect.Domain.Orders;

/// <summary>Goods that left the warehouse for one order, with the carrier's tracking number.</summary>
public sealed class Shipment
{
    private readonly List<ShipmentLine> _lines = [];

    public int Id { get; private set; }
    public int OrderId { get; private set; }
    public Order? Order { get; private set; }
    public string? TrackingNumber { get; private set; }
    /// <summary>The carrier the parcel left with; null when the order has no mapped method and none was chosen.</summary>
    public int? ShippingMethodId { get; private set; }
    /// <summary>True when this shipment completed the order (the shop gets the "full shipment" status).</summary>
    public bool CompletesOrder { get; private set; }
    public string ShippedBy { get; private set; } = "";
    public DateTime ShippedAt { get; private set; }
    public IReadOnlyList<ShipmentLine> Lines => _lines;

    private Shipment() { }

    internal Shipment(Order order, string? trackingNumber, int? shippingMethodId, bool completesOrder, string by, DateTime at, IEnumerable<ShipmentLine> lines)
    {
        Order = order;
        OrderId = order.Id;
        TrackingNumber = string.IsNullOrWhiteSpace(trackingNumber) ? null : trackingNumber.Trim();
        ShippingMethodId = shippingMethodId;
        (CompletesOrder, ShippedBy, ShippedAt) = (completesOrder, by, at);
        _lines.AddRange(lines);
    }
}

public sealed class ShipmentLine
{
    public int Id { get; private set; }
    public int ShipmentId { get; private set; }
    public int OrderLineId { get; private set; }
    public int Quantity { get; private set; }

    private ShipmentLine() { }

    internal ShipmentLine(int orderLineId, int quantity) => (OrderLineId, Quantity) = (orderLineId, quantity);
}
