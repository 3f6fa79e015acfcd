namespace Connect.Domain.Catalog;

/// <summary>An image downloaded from the shop, stored in Connect's file store (path relative to the image folder).</summary>
public sealed class ProductImage
{
    public int Id { get; private set; }
    public int ProductId { get; private set; }
    public Product? Product { get; private set; }
    public int Position { get; private set; }
    public bool IsCover { get; internal set; }
    public string ContentType { get; private set; } = "";
    public string StoragePath { get; private set; } = "";
    public long Size { get; private set; }

    private ProductImage() { }

    internal ProductImage(Product product, int position, bool isCover, string contentType, string storagePath, long size)
    {
        Product = product;
        ProductId = product.Id;
        (Position, IsCover, ContentType, StoragePath, Size) = (position, isCover, contentType, storagePath, size);
    }
}
