namespace Connect.Domain.Inventory;

/// <summary>An immutable record of one stock change.</summary>
public sealed class StockMovement
{
    public long Id { get; private set; }
    public int ProductId { get; private set; }
    public int WarehouseId { get; private set; }
    public int OnHandChange { get; private set; }
    public int ReservedChange { get; private set; }
    public int OnHandAfter { get; private set; }
    public int ReservedAfter { get; private set; }
    public StockMovementReason Reason { get; private set; }
    public string By { get; private set; } = "";
    public DateTime At { get; private set; }
    public string? Note { get; private set; }
    public int? OrderId { get; private set; }

    private StockMovement() { }

    internal StockMovement(int productId, int warehouseId, int onHandChange, int reservedChange, int onHandAfter, int reservedAfter, StockChange change)
    {
        (ProductId, WarehouseId, OnHandChange, ReservedChange, OnHandAfter, ReservedAfter) =
            (productId, warehouseId, onHandChange, reservedChange, onHandAfter, reservedAfter);
        (Reason, By, At, Note, OrderId) = (change.Reason, change.By, change.At, change.Note, change.OrderId);
    }
}
