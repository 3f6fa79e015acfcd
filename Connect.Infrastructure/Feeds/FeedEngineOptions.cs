namespace Connect.Infrastructure.Feeds;

/// <summary>Timings of the engine and the identity of this Connect instance. Defaults suit production.</summary>
public sealed class FeedEngineOptions
{
    /// <summary>Names this instance on leases and runs (config <c>Connect:InstanceId</c>); unique per process by default.</summary>
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>How long a lease lives without renewal: after that, another instance may mark the run Abandoned.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan LeaseRenewal { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a running feed is watched: progress saved, a Stop from another instance noticed, the lease renewed when due.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Minimum gap between two published snapshots (about 4 a second).</summary>
    public TimeSpan ProgressPublishInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ProgressSaveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long ended runs and their log entries are kept (config <c>Connect:Feeds:RetentionDays</c>); a daily job purges older ones.</summary>
    public TimeSpan RunRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Zone for "daily at" and cron schedules; the server's own unless set. Times are stored in UTC.</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Local;
}
