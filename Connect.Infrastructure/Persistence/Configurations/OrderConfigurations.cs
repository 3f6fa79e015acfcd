using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connect.Infrastructure.Persistence.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.Property(x => x.ExternalNumber).HasMaxLength(40);
        b.Property(x => x.ExternalReference).HasMaxLength(40);
        b.Property(x => x.PaymentLabel).HasMaxLength(200);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.HasIndex(x => new { x.StoreId, x.Status });
        b.HasIndex(x => x.ExternalNumber);
        b.HasIndex(x => x.PlacedAt);
        b.HasOne<Store>().WithMany().HasForeignKey(x => x.StoreId);
        b.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId);
        b.HasOne<ShippingMethod>().WithMany().HasForeignKey(x => x.ShippingMethodId);
        b.HasOne<PaymentMethod>().WithMany().HasForeignKey(x => x.PaymentMethodId);
        b.OwnsOne(x => x.Customer, c =>
        {
            c.Property(x => x.Name).HasMaxLength(200);
            c.Property(x => x.Email).HasMaxLength(256);
            c.Property(x => x.Phone).HasMaxLength(40);
        });
        b.OwnsOne(x => x.ShippingAddress, a =>
        {
            a.Property(x => x.Name).HasMaxLength(200);
            a.Property(x => x.Company).HasMaxLength(200);
            a.Property(x => x.Line1).HasMaxLength(200);
            a.Property(x => x.Line2).HasMaxLength(200);
            a.Property(x => x.PostalCode).HasMaxLength(20);
            a.Property(x => x.City).HasMaxLength(100);
            a.Property(x => x.State).HasMaxLength(100);
            a.Property(x => x.CountryCode).HasMaxLength(3);
            a.Property(x => x.Phone).HasMaxLength(40);
        });
        b.OwnsOne(x => x.Totals);
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.OrderId).OwnedByPrincipal();
        b.HasMany(x => x.Shipments).WithOne(x => x.Order).HasForeignKey(x => x.OrderId).OwnedByPrincipal();
        b.Navigation(x => x.Lines).HasField("_lines");
        b.Navigation(x => x.Shipments).HasField("_shipments");
        b.HasMany(x => x.History).WithOne().HasForeignKey(x => x.OrderId).OwnedByPrincipal();
        b.Navigation(x => x.History).HasField("_history");
    }
}

internal sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> b)
    {
        b.Property(x => x.By).HasMaxLength(OrderEvent.ByMaxLength);
        b.Property(x => x.Note).HasMaxLength(OrderEvent.NoteMaxLength);
        // No foreign key to the feed run: runs are deleted after the retention period, the order's history stays.
        b.HasIndex(x => new { x.OrderId, x.At });
    }
}

internal sealed class WaitingOrderConfiguration : IEntityTypeConfiguration<WaitingOrder>
{
    public void Configure(EntityTypeBuilder<WaitingOrder> b)
    {
        b.Property(x => x.ExternalNumber).HasMaxLength(40);
        b.Property(x => x.ExternalReference).HasMaxLength(40);
        b.Property(x => x.ExternalStatusId).HasMaxLength(40);
        b.Property(x => x.StatusName).HasMaxLength(200);
        b.Property(x => x.Message).HasMaxLength(2000);
        // One waiting row per shop order: the Retry feed and a rerun of the import find it instead of adding another.
        b.HasIndex(x => new { x.IntegrationId, x.ExternalNumber }).IsUnique();
        b.HasIndex(x => x.StoreId);
        b.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId);
        b.HasOne<Store>().WithMany().HasForeignKey(x => x.StoreId);
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.WaitingOrderId).OwnedByPrincipal();
        b.Navigation(x => x.Lines).HasField("_lines");
    }
}

internal sealed class WaitingOrderLineConfiguration : IEntityTypeConfiguration<WaitingOrderLine>
{
    public void Configure(EntityTypeBuilder<WaitingOrderLine> b)
    {
        b.Property(x => x.ExternalProductKey).HasMaxLength(60);
        b.Property(x => x.Sku).HasMaxLength(100);
        b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId);
        b.HasIndex(x => x.ProductId);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.Property(x => x.Sku).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(400);
        b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId);
        b.HasIndex(x => x.ProductId);
        // The orders grid's search by SKU (under 200 ms at 100,000 orders).
        b.HasIndex(x => x.Sku);
    }
}

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> b)
    {
        b.Property(x => x.TrackingNumber).HasMaxLength(64);
        b.Property(x => x.ShippedBy).HasMaxLength(256);
        b.HasOne<ShippingMethod>().WithMany().HasForeignKey(x => x.ShippingMethodId);
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.ShipmentId).OwnedByPrincipal();
        b.Navigation(x => x.Lines).HasField("_lines");
    }
}

internal sealed class ShipmentLineConfiguration : IEntityTypeConfiguration<ShipmentLine>
{
    // Restricted, not cascaded: the order already cascades to its lines, and SQL Server allows one path only.
    public void Configure(EntityTypeBuilder<ShipmentLine> b) => b.HasOne<OrderLine>().WithMany().HasForeignKey(x => x.OrderLineId);
}

internal sealed class ShippingMethodConfiguration : IEntityTypeConfiguration<ShippingMethod>
{
    public void Configure(EntityTypeBuilder<ShippingMethod> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class PaymentMethodConfiguration : IEntityTypeConfiguration<PaymentMethod>
{
    public void Configure(EntityTypeBuilder<PaymentMethod> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasIndex(x => x.Name).IsUnique();
    }
}
