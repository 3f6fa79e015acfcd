using Connect.Domain.Catalog;
using Connect.Domain.Inventory;
using Connect.Domain.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connect.Infrastructure.Persistence.Configurations;

internal sealed class StockLevelConfiguration : IEntityTypeConfiguration<StockLevel>
{
    public void Configure(EntityTypeBuilder<StockLevel> b)
    {
        b.HasIndex(x => new { x.ProductId, x.WarehouseId }).IsUnique();
        b.HasIndex(x => x.WarehouseId);
        b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId);
        // Two operators changing the same stock at once must not overwrite each other's change.
        b.Property(x => x.UpdatedAt).IsConcurrencyToken();
    }
}

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> b)
    {
        b.Property(x => x.By).HasMaxLength(256);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.HasIndex(x => new { x.ProductId, x.At });
        b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId);
    }
}
