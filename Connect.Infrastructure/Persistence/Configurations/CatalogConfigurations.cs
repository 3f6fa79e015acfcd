using Connect.Domain.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connect.Infrastructure.Persistence.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.Property(x => x.Sku).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(400);
        b.Property(x => x.Ean13).HasMaxLength(20);
        b.Property(x => x.Upc).HasMaxLength(20);
        b.Property(x => x.ParentReference).HasMaxLength(100);
        b.Property(x => x.AttributeLabel).HasMaxLength(400);
        // A SKU is one product whichever shops sell it; ProductIntake keeps it unique among active products. The database
        // does not enforce it: a database from before shared SKUs may still hold duplicates that need a person (see ProductMerge).
        b.HasIndex(x => x.Sku);
        b.HasIndex(x => x.Ean13);
        b.HasIndex(x => x.Name);
        b.HasMany(x => x.Images).WithOne(x => x.Product).HasForeignKey(x => x.ProductId).OwnedByPrincipal();
        b.HasMany(x => x.Suppliers).WithOne(x => x.Product).HasForeignKey(x => x.ProductId).OwnedByPrincipal();
        b.Navigation(x => x.Images).HasField("_images");
        b.Navigation(x => x.Suppliers).HasField("_suppliers");
    }
}

internal sealed class ProductImageConfiguration : IEntityTypeConfiguration<ProductImage>
{
    public void Configure(EntityTypeBuilder<ProductImage> b)
    {
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.StoragePath).HasMaxLength(400);
    }
}

internal sealed class SupplierConfiguration : IEntityTypeConfiguration<Supplier>
{
    public void Configure(EntityTypeBuilder<Supplier> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasIndex(x => x.Name);
        b.OwnsOne(x => x.Address, a => PostalAddressColumns.Map(a));
    }
}

internal sealed class ProductSupplierConfiguration : IEntityTypeConfiguration<ProductSupplier>
{
    public void Configure(EntityTypeBuilder<ProductSupplier> b)
    {
        b.Property(x => x.SupplierReference).HasMaxLength(100);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.HasOne(x => x.Supplier).WithMany().HasForeignKey(x => x.SupplierId);
        b.HasIndex(x => new { x.ProductId, x.SupplierId }).IsUnique();
    }
}

internal static class PostalAddressColumns
{
    public static void Map<TOwner>(OwnedNavigationBuilder<TOwner, PostalAddress> a) where TOwner : class
    {
        a.Property(x => x.Company).HasMaxLength(200);
        a.Property(x => x.Line1).HasMaxLength(200);
        a.Property(x => x.Line2).HasMaxLength(200);
        a.Property(x => x.PostalCode).HasMaxLength(20);
        a.Property(x => x.City).HasMaxLength(100);
        a.Property(x => x.State).HasMaxLength(100);
        a.Property(x => x.CountryCode).HasMaxLength(3);
        a.Property(x => x.Phone).HasMaxLength(40);
    }
}
