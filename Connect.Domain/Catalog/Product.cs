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
    /// <summary>
    /// True when the shop gave no reference of its own and Connect built the SKU (from the product reference and the
    /// attribute values, or from the shop product id and name): the operator should give it a reference in the shop.
    /// </summary>
    public bool SkuGenerated { get; private set; }
    /// <summary>
    /// The integration whose names, prices, barcodes and weights this product takes; other shops selling the same SKU only
    /// link to it. The first integration that imported it, until an Admin picks another.
    /// </summary>
    public int? CatalogSourceIntegrationId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public IReadOnlyList<ProductImage> Images => _images;
    public IReadOnlyList<ProductSupplier> Suppliers => _suppliers;

    public bool IsCombination => AttributeLabel is not null;

    private Product() { }

    public Product(ProductDetails details, DateTime now, int? catalogSourceIntegrationId = null)
    {
        CreatedAt = now;
        CatalogSourceIntegrationId = catalogSourceIntegrationId;
        Active = details.Active;
        Apply(details, now);
    }

    /// <summary>
    /// Takes the shop's current values; returns whether anything changed so reruns stay quiet. Whether the product is active
    /// is not a value of one shop: see <see cref="SetSold"/>.
    /// </summary>
    public bool Apply(ProductDetails details, DateTime now)
    {
        var sku = string.IsNullOrWhiteSpace(details.Sku) ? throw new DomainException("A product needs a SKU (the PrestaShop reference).") : details.Sku.Trim();
        if (details.Weight < 0) throw new DomainException($"Product '{sku}' has a negative weight.");
        var changed = Sku != sku || Name != details.Name || Ean13 != details.Ean13 || Upc != details.Upc || Weight != details.Weight
            || Price != details.Price || ParentReference != details.ParentReference || AttributeLabel != details.AttributeLabel
            || SkuGenerated != details.SkuGenerated;
        if (!changed) return false;
        (Sku, Name, Ean13, Upc, Weight, Price, ParentReference, AttributeLabel, SkuGenerated) =
            (sku, details.Name.Trim(), Blank(details.Ean13), Blank(details.Upc), details.Weight, details.Price, Blank(details.ParentReference), Blank(details.AttributeLabel), details.SkuGenerated);
        UpdatedAt = now;
        return true;
    }

    /// <summary>Active while at least one shop sells it (see the per-shop state on its links); returns whether it changed.</summary>
    public bool SetSold(bool soldSomewhere, DateTime now)
    {
        if (Active == soldSomewhere) return false;
        Active = soldSomewhere;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Whether values coming from this integration may overwrite the product's names, prices and barcodes.</summary>
    public bool TakesCatalogFrom(int integrationId) => CatalogSourceIntegrationId is null || CatalogSourceIntegrationId == integrationId;

    public void ChooseCatalogSource(int integrationId, DateTime now)
    {
        CatalogSourceIntegrationId = integrationId;
        UpdatedAt = now;
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
    string? ParentReference = null, string? AttributeLabel = null, bool SkuGenerated = false);
