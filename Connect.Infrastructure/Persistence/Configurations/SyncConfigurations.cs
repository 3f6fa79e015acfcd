using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connect.Infrastructure.Persistence.Configurations;

internal sealed class StockExportRequestConfiguration : IEntityTypeConfiguration<StockExportRequest>
{
    public void Configure(EntityTypeBuilder<StockExportRequest> b)
    {
        b.Property(x => x.LastError).HasMaxLength(2000);
        b.HasIndex(x => new { x.IntegrationId, x.ProductId }).IsUnique();
        b.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId).OwnedByPrincipal();
        b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId);
    }
}

internal sealed class PendingShippingConfirmationConfiguration : IEntityTypeConfiguration<PendingShippingConfirmation>
{
    public void Configure(EntityTypeBuilder<PendingShippingConfirmation> b)
    {
        b.Property(x => x.LastError).HasMaxLength(2000);
        b.HasIndex(x => new { x.IntegrationId, x.ConfirmedAt });
        b.HasIndex(x => x.ShipmentId).IsUnique();
        b.HasIndex(x => x.ClaimToken);
        b.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId);
        b.HasOne<Order>().WithMany().HasForeignKey(x => x.OrderId);
        b.HasOne<Shipment>().WithMany().HasForeignKey(x => x.ShipmentId);
    }
}
