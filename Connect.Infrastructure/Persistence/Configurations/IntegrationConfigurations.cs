using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connect.Infrastructure.Persistence.Configurations;

internal sealed class IntegrationConfiguration : IEntityTypeConfiguration<Integration>
{
    public void Configure(EntityTypeBuilder<Integration> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Platform).HasMaxLength(40);
        b.Property(x => x.Url).HasMaxLength(500);
        b.Property(x => x.ProtectedApiKey).HasMaxLength(2000);
        b.Property(x => x.ApiKeyHint).HasMaxLength(10);
        b.Property(x => x.ShopName).HasMaxLength(Integration.MaxShopNameLength);
        b.Property(x => x.ShopVersion).HasMaxLength(Integration.MaxShopVersionLength);
        b.Property(x => x.ShopCurrency).HasMaxLength(3);
        b.HasIndex(x => x.Name).IsUnique();
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasOne<Store>().WithMany().HasForeignKey(x => x.StoreId);
        // Settings change together and are read together: one JSON column.
        b.OwnsOne(x => x.Settings, s => s.ToJson());
    }
}

internal sealed class OrderStatusRuleConfiguration : IEntityTypeConfiguration<OrderStatusRule>
{
    public void Configure(EntityTypeBuilder<OrderStatusRule> b)
    {
        b.Property(x => x.ExternalStatusId).HasMaxLength(40);
        b.Property(x => x.StatusName).HasMaxLength(200);
        b.HasIndex(x => new { x.IntegrationId, x.ExternalStatusId }).IsUnique();
        b.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId).OwnedByPrincipal();
    }
}

internal sealed class CarrierMappingConfiguration : IEntityTypeConfiguration<CarrierMapping>
{
    public void Configure(EntityTypeBuilder<CarrierMapping> b)
    {
        b.Property(x => x.CarrierReference).HasMaxLength(40);
        b.Property(x => x.CarrierName).HasMaxLength(200);
        b.HasIndex(x => new { x.IntegrationId, x.CarrierReference }).IsUnique();
        b.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId).OwnedByPrincipal();
        b.HasOne<ShippingMethod>().WithMany().HasForeignKey(x => x.ShippingMethodId);
    }
}

internal sealed class ShopCarrierRuleConfiguration : IEntityTypeConfiguration<ShopCarrierRule>
{
    public void Configure(EntityTypeBuilder<ShopCarrierRule> b)
    {
        b.Property(x => x.CarrierReference).HasMaxLength(40);
        b.Property(x => x.CarrierName).HasMaxLength(200);
        // One row per method; the wildcard (no method) is kept single by the service that saves the grid.
        b.HasIndex(x => new { x.IntegrationId, x.ShippingMethodId }).IsUnique();
        b.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId).OwnedByPrincipal();
        b.HasOne<ShippingMethod>().WithMany().HasForeignKey(x => x.ShippingMethodId);
        b.Ignore(x => x.IsWildcard);
    }
}

internal sealed class PaymentMappingConfiguration : IEntityTypeConfiguration<PaymentMapping>
{
    public void Configure(EntityTypeBuilder<PaymentMapping> b)
    {
        b.Property(x => x.PaymentName).HasMaxLength(200);
        b.HasIndex(x => new { x.IntegrationId, x.PaymentName }).IsUnique();
        b.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId).OwnedByPrincipal();
        b.HasOne<PaymentMethod>().WithMany().HasForeignKey(x => x.PaymentMethodId);
    }
}

internal sealed class ExternalLinkConfiguration : IEntityTypeConfiguration<ExternalLink>
{
    public void Configure(EntityTypeBuilder<ExternalLink> b)
    {
        b.Property(x => x.ExternalId).HasMaxLength(64);
        // Unique both ways: one shop record <-> one Connect record, per integration and kind.
        b.HasIndex(x => new { x.IntegrationId, x.Kind, x.ExternalId }).IsUnique();
        b.HasIndex(x => new { x.IntegrationId, x.Kind, x.LocalId }).IsUnique();
        // Every shop's links to one Connect record (the shops selling a product).
        b.HasIndex(x => new { x.Kind, x.LocalId });
        // Links made before shops shared products are all active; the sentinel makes EF send false explicitly.
        b.Property(x => x.Active).HasDefaultValue(true).HasSentinel(true);
        b.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId);
    }
}
