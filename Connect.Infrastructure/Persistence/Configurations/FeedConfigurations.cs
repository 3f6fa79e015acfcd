using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connect.Infrastructure.Persistence.Configurations;

internal sealed class FeedScheduleConfiguration : IEntityTypeConfiguration<FeedSchedule>
{
    public void Configure(EntityTypeBuilder<FeedSchedule> b)
    {
        b.Property(x => x.Cron).HasMaxLength(100);
        b.HasIndex(x => new { x.IntegrationId, x.Feed }).IsUnique();
        b.HasIndex(x => x.NextRunAt);
        b.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId).OwnedByPrincipal();
    }
}

internal sealed class FeedRunConfiguration : IEntityTypeConfiguration<FeedRun>
{
    public void Configure(EntityTypeBuilder<FeedRun> b)
    {
        b.Property(x => x.TriggeredBy).HasMaxLength(256);
        b.Property(x => x.Checkpoint).HasMaxLength(400);
        b.Property(x => x.Message).HasMaxLength(1000);
        b.Property(x => x.Error).HasMaxLength(4000);
        b.Property(x => x.InstanceId).HasMaxLength(100);
        b.Property(x => x.StopRequestedBy).HasMaxLength(256);
        b.OwnsOne(x => x.Counts);
        b.HasIndex(x => new { x.IntegrationId, x.Feed, x.StartedAt });
        b.HasIndex(x => x.StartedAt);
        b.HasIndex(x => x.Status);
        b.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId);
    }
}

internal sealed class FeedLogEntryConfiguration : IEntityTypeConfiguration<FeedLogEntry>
{
    public void Configure(EntityTypeBuilder<FeedLogEntry> b)
    {
        b.Property(x => x.Message).HasMaxLength(4000);
        b.Property(x => x.ExternalId).HasMaxLength(64);
        b.Property(x => x.RecordKind).HasMaxLength(40);
        b.HasIndex(x => new { x.RunId, x.Id });
        b.HasIndex(x => new { x.Level, x.At });
        b.HasOne<FeedRun>().WithMany().HasForeignKey(x => x.RunId).OwnedByPrincipal();
    }
}

internal sealed class FeedLeaseConfiguration : IEntityTypeConfiguration<FeedLease>
{
    public void Configure(EntityTypeBuilder<FeedLease> b)
    {
        b.HasKey(x => new { x.IntegrationId, x.Feed });
        b.Property(x => x.Owner).HasMaxLength(100);
        b.Property(x => x.Checkpoint).HasMaxLength(400);
        // Taking and renewing a lease is a compare-and-swap on the expiry: two instances cannot both win.
        b.Property(x => x.ExpiresAt).IsConcurrencyToken();
        b.HasOne<Integration>().WithMany().HasForeignKey(x => x.IntegrationId).OwnedByPrincipal();
    }
}
