using Connect.Domain.Catalog;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Domain.Sync;
using Connect.Infrastructure.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Connect.Infrastructure.Persistence;

/// <summary>
/// The one model of Connect. Two thin subclasses (<see cref="SqliteConnectDbContext"/>, <see cref="SqlServerConnectDbContext"/>)
/// exist only so each provider keeps its own migrations.
/// </summary>
public abstract class ConnectDbContext(DbContextOptions options) : IdentityDbContext<ConnectUser>(options), IDataProtectionKeyContext
{
    public DbSet<Store> Stores => Set<Store>();
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductImage> ProductImages => Set<ProductImage>();
    public DbSet<Supplier> Suppliers => Set<Supplier>();
    public DbSet<ProductSupplier> ProductSuppliers => Set<ProductSupplier>();
    public DbSet<StockLevel> StockLevels => Set<StockLevel>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();
    public DbSet<WaitingOrder> WaitingOrders => Set<WaitingOrder>();
    public DbSet<Shipment> Shipments => Set<Shipment>();
    public DbSet<ShipmentLine> ShipmentLines => Set<ShipmentLine>();
    public DbSet<ShippingMethod> ShippingMethods => Set<ShippingMethod>();
    public DbSet<PaymentMethod> PaymentMethods => Set<PaymentMethod>();
    public DbSet<Integration> Integrations => Set<Integration>();
    public DbSet<OrderStatusRule> OrderStatusRules => Set<OrderStatusRule>();
    public DbSet<CarrierMapping> CarrierMappings => Set<CarrierMapping>();
    public DbSet<ShopCarrierRule> ShopCarrierRules => Set<ShopCarrierRule>();
    public DbSet<PaymentMapping> PaymentMappings => Set<PaymentMapping>();
    public DbSet<ExternalLink> ExternalLinks => Set<ExternalLink>();
    public DbSet<FeedSchedule> FeedSchedules => Set<FeedSchedule>();
    public DbSet<FeedRun> FeedRuns => Set<FeedRun>();
    public DbSet<FeedLogEntry> FeedLogEntries => Set<FeedLogEntry>();
    public DbSet<FeedLease> FeedLeases => Set<FeedLease>();
    public DbSet<StockExportRequest> StockExportRequests => Set<StockExportRequest>();
    public DbSet<PendingShippingConfirmation> PendingShippingConfirmations => Set<PendingShippingConfirmation>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Set when a save asked for a stock export; <see cref="Inventory.StockExportSignalInterceptor"/> reads it once the
    /// change is committed and wakes the export.
    /// </summary>
    internal bool StockExportAsked { get; set; }

    /// <summary>
    /// The products whose export a bulk write asked for (<see cref="Inventory.StockExportQueue.EnqueueForProductsAsync"/>), with
    /// the transaction it ran in: the saves of that same transaction need not ask for them again.
    /// </summary>
    internal (Guid Transaction, HashSet<int> Products)? StockExportsAskedInBulk { get; set; }

    // Every save that changes a sellable quantity asks for its stock export in the same save, whoever makes it.
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (Inventory.StockExportQueue.EnqueueAsync(this, async: false, CancellationToken.None).GetAwaiter().GetResult())
            StockExportAsked = true;
        MoveIntegrationRevisions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (await Inventory.StockExportQueue.EnqueueAsync(this, async: true, cancellationToken))
            StockExportAsked = true;
        MoveIntegrationRevisions();
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // Any change to an integration, its settings (a JSON column, replaced as a whole) included, moves its revision: the
    // UPDATE then matches only the revision it read, and a save that raced another fails instead of overwriting it.
    // Runs after the stock export queue, which has just detected the save's changes (and touches no integration): looking
    // at the integrations does not scan every tracked entity a second time, which a page of thousands of rows would pay.
    private void MoveIntegrationRevisions()
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in ChangeTracker.Entries<Integration>())
            {
                if (entry.State == EntityState.Added) continue;
                var settings = entry.Reference(i => i.Settings).TargetEntry;
                if (entry.State == EntityState.Modified || settings?.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                {
                    var revision = entry.Property(i => i.Revision);
                    revision.CurrentValue = revision.OriginalValue + 1;
                }
            }
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    // A supplier without any address field has no address: that is what the optional owned type means here.
    protected override void OnConfiguring(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.OptionalDependentWithoutIdentifyingPropertyWarning));

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<decimal>().HavePrecision(18, 4);
        builder.Properties<decimal?>().HavePrecision(18, 4);
        // Stored as UTC everywhere; read back as UTC so comparisons and display never guess the zone.
        builder.Properties<DateTime>().HaveConversion<UtcConverter>();
        builder.Properties<DateTime?>().HaveConversion<NullableUtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ConnectDbContext).Assembly);
        ConnectModelConventions.Apply(builder);
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}

public sealed class SqliteConnectDbContext(DbContextOptions<SqliteConnectDbContext> options) : ConnectDbContext(options);

public sealed class SqlServerConnectDbContext(DbContextOptions<SqlServerConnectDbContext> options) : ConnectDbContext(options);
