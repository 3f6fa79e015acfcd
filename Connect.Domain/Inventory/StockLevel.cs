namespace Connect.Domain.Inventory;

/// <summary>
/// Stock of one product in one warehouse. Connect is the only owner of stock: every change goes through
/// these methods, each returns the movement that records who changed what and why.
/// </summary>
public sealed class StockLevel
{
    public int Id { get; private set; }
    public int ProductId { get; private set; }
    public int WarehouseId { get; private set; }
    public int OnHand { get; private set; }
    public int Reserved { get; private set; }
    public int Available => OnHand - Reserved;
    public DateTime UpdatedAt { get; private set; }

    private StockLevel() { }

    public StockLevel(int productId, int warehouseId) => (ProductId, WarehouseId) = (productId, warehouseId);

    /// <summary>Sets the quantity on hand to a counted (or imported) value.</summary>
    public StockMovement Count(int onHand, StockChange change)
    {
        if (onHand < 0) throw new DomainException("A counted quantity cannot be negative; enter 0 or more.");
        if (onHand < Reserved)
            throw new DomainException($"Cannot set on hand to {onHand}: {Reserved} are reserved for orders. Cancel or ship those orders first.");
        return Move(onHand - OnHand, 0, change);
    }

    /// <summary>Adds (receipt) or removes (loss, correction) a quantity on hand.</summary>
    public StockMovement Adjust(int quantity, StockChange change)
    {
        if (quantity == 0) throw new DomainException("An adjustment needs a quantity other than 0.");
        if (OnHand + quantity < Reserved)
            throw new DomainException($"Cannot remove {-quantity}: only {Available} are available ({Reserved} reserved for orders).");
        return Move(quantity, 0, change);
    }

    /// <summary>Reserves stock for an order. A reservation never exceeds what is on hand.</summary>
    public StockMovement Reserve(int quantity, StockChange change)
    {
        if (quantity <= 0) throw new DomainException("A reservation needs a positive quantity.");
        if (quantity > Available)
            throw new DomainException($"Cannot reserve {quantity}: only {Available} available.");
        return Move(0, quantity, change);
    }

    public StockMovement Release(int quantity, StockChange change)
    {
        if (quantity <= 0) throw new DomainException("A release needs a positive quantity.");
        if (quantity > Reserved) throw new DomainException($"Cannot release {quantity}: only {Reserved} reserved.");
        return Move(0, -quantity, change);
    }

    /// <summary>Goods leave the warehouse: the reserved units are taken off hand.</summary>
    public StockMovement Ship(int quantity, StockChange change)
    {
        if (quantity <= 0) throw new DomainException("A shipment needs a positive quantity.");
        if (quantity > Reserved) throw new DomainException($"Cannot ship {quantity}: only {Reserved} reserved for orders.");
        return Move(-quantity, -quantity, change);
    }

    /// <summary>
    /// Takes the quantities of the same product's stock in the same warehouse, when two products turn out to be one SKU
    /// (see the shared-catalog merge); the other row is then deleted, so nothing is counted twice or lost.
    /// </summary>
    public void Absorb(StockLevel other, DateTime now)
    {
        if (other.WarehouseId != WarehouseId) throw new DomainException("Only stock of the same warehouse can be merged.");
        (OnHand, Reserved, UpdatedAt) = (OnHand + other.OnHand, Reserved + other.Reserved, now);
    }

    private StockMovement Move(int onHandDelta, int reservedDelta, StockChange change)
    {
        OnHand += onHandDelta;
        Reserved += reservedDelta;
        UpdatedAt = change.At;
        return new StockMovement(ProductId, WarehouseId, onHandDelta, reservedDelta, OnHand, Reserved, change);
    }
}

/// <summary>Who changes stock, when and why.</summary>
/// <param name="FeedRunId">The feed run that made the change, when a feed did (for the order's history; movements keep <paramref name="By"/>).</param>
public sealed record StockChange(StockMovementReason Reason, string By, DateTime At, string? Note = null, int? OrderId = null, long? FeedRunId = null)
{
    public Orders.OrderActor Actor => new(By, At, FeedRunId);
}

public enum StockMovementReason
{
    Count,
    Import,
    Receipt,
    Correction,
    Reservation,
    ReservationReleased,
    Shipment,
    Transfer,
}
