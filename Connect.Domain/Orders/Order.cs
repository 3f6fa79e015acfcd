using Connect.Domain.Inventory;

namespace Connect.Domain.Orders;

/// <summary>
/// An order placed in a shop and imported into Connect. It reserves stock while it waits, ships in one or
/// several shipments, and releases what it holds when cancelled.
/// </summary>
public sealed class Order
{
    private readonly List<OrderLine> _lines = [];
    private readonly List<Shipment> _shipments = [];
    private readonly List<OrderEvent> _history = [];

    public int Id { get; private set; }
    public int StoreId { get; private set; }
    public int? IntegrationId { get; private set; }
    /// <summary>The shop's order number (PrestaShop order id).</summary>
    public string ExternalNumber { get; private set; } = "";
    /// <summary>The shop's order reference; split orders can share one, so it is shown, never used as a key.</summary>
    public string? ExternalReference { get; private set; }
    public OrderCustomer Customer { get; private set; } = null!;
    public ShippingAddress ShippingAddress { get; private set; } = null!;
    public int? ShippingMethodId { get; private set; }
    public int? PaymentMethodId { get; private set; }
    public string? PaymentLabel { get; private set; }
    public string Currency { get; private set; } = "";
    public OrderTotals Totals { get; private set; } = null!;
    public OrderStatus Status { get; private set; }
    public PreparationState PreparationState { get; private set; }
    public DateTime PlacedAt { get; private set; }
    public DateTime ImportedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public IReadOnlyList<OrderLine> Lines => _lines;
    public IReadOnlyList<Shipment> Shipments => _shipments;
    /// <summary>What happened to the order in Connect; only the events added since it was loaded unless the query includes them.</summary>
    public IReadOnlyList<OrderEvent> History => _history;

    private Order() { }

    public Order(OrderDraft draft, DateTime now)
    {
        if (draft.Lines.Count == 0) throw new DomainException($"Order {draft.ExternalNumber} has no lines; nothing to ship.");
        StoreId = draft.StoreId;
        IntegrationId = draft.IntegrationId;
        ExternalNumber = Store(draft.ExternalNumber, "An order number");
        ExternalReference = draft.ExternalReference;
        Customer = draft.Customer;
        ShippingAddress = draft.ShippingAddress;
        ShippingMethodId = draft.ShippingMethodId;
        PaymentMethodId = draft.PaymentMethodId;
        PaymentLabel = draft.PaymentLabel;
        Currency = draft.Currency.ToUpperInvariant();
        Totals = draft.Totals;
        PlacedAt = draft.PlacedAt;
        ImportedAt = UpdatedAt = now;
        foreach (var line in draft.Lines) _lines.Add(new OrderLine(line));
        Status = OrderStatus.Valid;
        PreparationState = PreparationState.Backorder;
    }

    public bool IsOpen => Status is OrderStatus.Valid or OrderStatus.OnHold or OrderStatus.PartiallyShipped;

    /// <summary>Reserves what each line still needs from the store's warehouse, as far as stock allows.</summary>
    public IReadOnlyList<StockMovement> Allocate(Func<int, StockLevel> stockOf, StockChange change)
    {
        if (Status is not (OrderStatus.Valid or OrderStatus.PartiallyShipped)) return [];
        var movements = new List<StockMovement>();
        foreach (var line in _lines.Where(l => l.ProductId is not null && l.Unreserved > 0))
        {
            var stock = stockOf(line.ProductId!.Value);
            var quantity = Math.Min(line.Unreserved, stock.Available);
            if (quantity <= 0) continue;
            movements.Add(stock.Reserve(quantity, change with { OrderId = Id }));
            line.QuantityReserved += quantity;
        }
        UpdatePreparationState(change.At);
        return movements;
    }

    /// <summary>Stops preparation until released, keeping what is reserved.</summary>
    public void Hold(OrderActor actor, string? note = null)
    {
        EnsureOpen("be put on hold");
        Status = OrderStatus.OnHold;
        UpdatePreparationState(actor.At);
        _history.Add(new OrderEvent(OrderEventKind.Held, actor, note));
    }

    public void Release(OrderActor actor)
    {
        if (Status != OrderStatus.OnHold) throw new DomainException($"Order {ExternalNumber} is not on hold.");
        Status = _shipments.Count > 0 ? OrderStatus.PartiallyShipped : OrderStatus.Valid;
        UpdatePreparationState(actor.At);
        _history.Add(new OrderEvent(OrderEventKind.Released, actor, $"Preparation {PreparationState}"));
    }

    /// <summary>Starts the history of an order just taken from a shop; the note says by which rule and from which shop state.</summary>
    public void Imported(OrderActor actor, string note) => _history.Add(new OrderEvent(OrderEventKind.Imported, actor, note));

    /// <summary>Cancels what is left to ship and gives its reserved stock back.</summary>
    public IReadOnlyList<StockMovement> Cancel(Func<int, StockLevel> stockOf, StockChange change)
    {
        if (Status == OrderStatus.Cancelled) return [];
        EnsureOpen("be cancelled");
        var movements = new List<StockMovement>();
        foreach (var line in _lines.Where(l => l.QuantityReserved > 0))
        {
            movements.Add(stockOf(line.ProductId!.Value).Release(line.QuantityReserved, change with { Reason = StockMovementReason.ReservationReleased, OrderId = Id }));
            line.QuantityReserved = 0;
        }
        Status = OrderStatus.Cancelled;
        UpdatedAt = change.At;
        var released = movements.Sum(m => -m.ReservedChange);
        _history.Add(new OrderEvent(OrderEventKind.Cancelled, change.Actor,
            released > 0 ? $"{change.Note}{(change.Note is null ? "" : "; ")}{released} reserved unit(s) released" : change.Note));
        return movements;
    }

    /// <summary>Imported as already shipped by the shop: no reservation and no stock movement.</summary>
    public void MarkAsHistory(DateTime now)
    {
        if (_lines.Any(l => l.QuantityReserved > 0 || l.QuantityShipped > 0))
            throw new DomainException($"Order {ExternalNumber} already holds or shipped stock; it cannot become history.");
        Status = OrderStatus.History;
        UpdatedAt = now;
    }

    /// <summary>
    /// Ships reserved units with a carrier (the order's mapped shipping method unless another is chosen).
    /// Shipping more than ordered (or than reserved) is refused.
    /// </summary>
    public (Shipment Shipment, IReadOnlyList<StockMovement> Movements) Ship(
        IReadOnlyCollection<ShipmentRequestLine> request, string? trackingNumber, Func<int, StockLevel> stockOf, StockChange change,
        int? shippingMethodId = null)
    {
        if (Status is not (OrderStatus.Valid or OrderStatus.PartiallyShipped))
            throw new DomainException($"Order {ExternalNumber} is {Status}; only valid or partially shipped orders can ship.");
        if (request.Count == 0 || request.All(r => r.Quantity == 0)) throw new DomainException("Choose at least one line and quantity to ship.");
        var shipped = new List<(OrderLine Line, int Quantity)>();
        foreach (var item in request.Where(r => r.Quantity != 0))
        {
            var line = _lines.SingleOrDefault(l => l.Id == item.OrderLineId)
                ?? throw new DomainException($"Line {item.OrderLineId} is not part of order {ExternalNumber}.");
            if (item.Quantity < 0) throw new DomainException($"Quantity for {line.Sku} must be positive.");
            if (item.Quantity > line.Remaining)
                throw new DomainException($"Cannot ship {item.Quantity} x {line.Sku}: only {line.Remaining} left to ship on order {ExternalNumber}.");
            if (item.Quantity > line.QuantityReserved)
                throw new DomainException($"Cannot ship {item.Quantity} x {line.Sku}: only {line.QuantityReserved} reserved. Receive stock, then allocate the order.");
            shipped.Add((line, item.Quantity));
        }
        var movements = new List<StockMovement>();
        foreach (var (line, quantity) in shipped)
        {
            movements.Add(stockOf(line.ProductId!.Value).Ship(quantity, change with { Reason = StockMovementReason.Shipment, OrderId = Id }));
            line.QuantityReserved -= quantity;
            line.QuantityShipped += quantity;
        }
        var complete = _lines.All(l => l.Remaining == 0);
        var shipment = new Shipment(this, trackingNumber, shippingMethodId ?? ShippingMethodId, complete, change.By, change.At, shipped.Select(s => new ShipmentLine(s.Line.Id, s.Quantity)));
        _shipments.Add(shipment);
        Status = complete ? OrderStatus.Shipped : OrderStatus.PartiallyShipped;
        UpdatePreparationState(change.At);
        var units = shipped.Sum(s => s.Quantity);
        _history.Add(new OrderEvent(complete ? OrderEventKind.Shipped : OrderEventKind.PartlyShipped, change.Actor,
            $"{units} unit(s){(shipment.TrackingNumber is { } tracking ? $", tracking {tracking}" : ", no tracking number")}{(change.Note is { } n ? $"; {n}" : "")}"));
        return (shipment, movements);
    }

    private void UpdatePreparationState(DateTime now)
    {
        var open = _lines.Where(l => l.Remaining > 0).ToList();
        PreparationState = Status == OrderStatus.OnHold ? PreparationState.OnHold
            : open.All(l => l.QuantityReserved >= l.Remaining) ? PreparationState.InStock
            : open.Any(l => l.QuantityReserved > 0) ? PreparationState.Partial
            : PreparationState.Backorder;
        UpdatedAt = now;
    }

    private void EnsureOpen(string action)
    {
        if (!IsOpen) throw new DomainException($"Order {ExternalNumber} is {Status}; it cannot {action} now.");
    }

    private static string Store(string value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainException($"{what} is required.") : value.Trim();
}

public sealed record OrderDraft(
    int StoreId, int? IntegrationId, string ExternalNumber, string? ExternalReference, OrderCustomer Customer,
    ShippingAddress ShippingAddress, int? ShippingMethodId, int? PaymentMethodId, string? PaymentLabel, string Currency,
    OrderTotals Totals, DateTime PlacedAt, IReadOnlyList<OrderLineDraft> Lines);

public sealed record OrderLineDraft(int? ProductId, string Sku, string Name, int Quantity, decimal UnitPrice);

public sealed record OrderCustomer(string Name, string? Email, string? Phone);

/// <summary>Where the order goes: the recipient and the postal address.</summary>
public sealed record ShippingAddress(
    string Name, string? Company, string? Line1, string? Line2, string? PostalCode, string? City, string? State, string? CountryCode, string? Phone);

public sealed record OrderTotals(decimal Products, decimal Shipping, decimal Tax, decimal Paid);

public sealed record ShipmentRequestLine(int OrderLineId, int Quantity);

public enum OrderStatus { Valid, OnHold, PartiallyShipped, Shipped, Cancelled, History }

public enum PreparationState { InStock, Partial, Backorder, OnHold }
