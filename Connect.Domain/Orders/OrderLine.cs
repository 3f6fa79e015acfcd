namespace Connect.Domain.Orders;

public sealed class OrderLine
{
    public int Id { get; private set; }
    public int OrderId { get; private set; }
    /// <summary>Null when the shop's product is not (yet) known to Connect; such a line cannot reserve or ship.</summary>
    public int? ProductId { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public int Quantity { get; private set; }
    public int QuantityReserved { get; internal set; }
    public int QuantityShipped { get; internal set; }
    public decimal UnitPrice { get; private set; }
    public int Remaining => Quantity - QuantityShipped;
    public int Unreserved => Remaining - QuantityReserved;

    private OrderLine() { }

    internal OrderLine(OrderLineDraft draft)
    {
        if (draft.Quantity <= 0) throw new DomainException($"Line {draft.Sku} has quantity {draft.Quantity}; a line needs at least 1.");
        (ProductId, Sku, Name, Quantity, UnitPrice) = (draft.ProductId, draft.Sku, draft.Name, draft.Quantity, draft.UnitPrice);
    }
}
