namespace Connect.Domain.Catalog;

/// <summary>
/// A stock-keeping unit: a PrestaShop product without combinations, or one combination of a product.
/// Products are created in the shop and imported; Connect never creates them on its own.
/// </summary>
public sealed class Product
{
    private readonly List<ProductImage> _images = [];
    private readonly List<ProductSupplier> _suppliers = [];

    public int Id { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Ean13 { get; private set; }
    public string? Upc { get; private set; }
    public decimal Weight { get; private set; }
    public decimal Price { get; private set; }
    public bool Active { get; private set; } = true;
    /// <summary>Reference of the parent product when this SKU is a combination.</summary>
    public string? ParentReference { get; private set; }
    /// <summary>"Size: M - Color: Blue" for a combination; null for a simple product.</summary>
    public string? AttributeLabel { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public IReadOnlyList<ProductImage> Images => _images;
    public IReadOnlyList<ProductSupplier> Suppliers => _suppliers;

    public bool IsCombination => AttributeLabel is not null;

    private Product() { }

    public Product(ProductDetails details, DateTime now)
    {
        CreatedAt = now;
        Apply(details, now);
    }

    /// <summary>Takes the shop's current values; returns whether anything changed so reruns stay quiet.</summary>
    public bool Apply(ProductDetails details, DateTime now)
    {
        var sku = string.IsNullOrWhiteSpace(details.Sku) ? throw new DomainException("A product needs a SKU (the PrestaShop reference).") : details.Sku.Trim();
        if (details.Weight < 0) throw new DomainException($"Product '{sku}' has a negative weight.");
        var changed = Sku != sku || Name != details.Name || Ean13 != details.Ean13 || Upc != details.Upc || Weight != details.Weight
            || Price != details.Price || Active != details.Active || ParentReference != details.ParentReference || AttributeLabel != details.AttributeLabel;
        if (!changed) return false;
        (Sku, Name, Ean13, Upc, Weight, Price, Active, ParentReference, AttributeLabel) =
            (sku, details.Name.Trim(), Blank(details.Ean13), Blank(details.Upc), details.Weight, details.Price, details.Active, Blank(details.ParentReference), Blank(details.AttributeLabel));
        UpdatedAt = now;
        return true;
    }

    /// <summary>Gone from the shop: kept for history (orders, stock) but no longer active.</summary>
    public bool Deactivate(DateTime now)
    {
        if (!Active) return false;
        Active = false;
        UpdatedAt = now;
        return true;
    }

    public ProductImage AddImage(int position, bool isCover, string contentType, string storagePath, long size)
    {
        if (isCover) foreach (var image in _images) image.IsCover = false;
        var added = new ProductImage(this, position, isCover, contentType, storagePath, size);
        _images.Add(added);
        return added;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The values a product takes from the shop.</summary>
public sealed record ProductDetails(
    string Sku, string Name, string? Ean13, string? Upc, decimal Weight, decimal Price, bool Active,
    string? ParentReference = null, string? AttributeLabel = null);
