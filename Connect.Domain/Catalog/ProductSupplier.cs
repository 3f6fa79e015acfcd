namespace Connect.Domain.Catalog;

/// <summary>A product bought from a supplier: the supplier's reference and cost.</summary>
public sealed class ProductSupplier
{
    public int Id { get; private set; }
    public int ProductId { get; private set; }
    public Product? Product { get; private set; }
    public int SupplierId { get; private set; }
    public Supplier? Supplier { get; private set; }
    public string? SupplierReference { get; private set; }
    public decimal Cost { get; private set; }
    public string Currency { get; private set; } = "";

    private ProductSupplier() { }

    public ProductSupplier(int productId, int supplierId, string? supplierReference, decimal cost, string currency)
    {
        (ProductId, SupplierId) = (productId, supplierId);
        Apply(supplierReference, cost, currency);
    }

    public bool Apply(string? supplierReference, decimal cost, string currency)
    {
        if (cost < 0) throw new DomainException("A supplier cost cannot be negative.");
        var reference = string.IsNullOrWhiteSpace(supplierReference) ? null : supplierReference.Trim();
        var code = string.IsNullOrWhiteSpace(currency) ? "" : currency.Trim().ToUpperInvariant();
        if (SupplierReference == reference && Cost == cost && Currency == code) return false;
        (SupplierReference, Cost, Currency) = (reference, cost, code);
        return true;
    }
}
