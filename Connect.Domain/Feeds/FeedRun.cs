namespace Connect.Domain.Feeds;

/// <summary>One execution of a feed: who started it, how it went, how far it got.</summary>
public sealed class FeedRun
{
    public long Id { get; private set; }
    public int IntegrationId { get; private set; }
    public FeedKind Feed { get; private set; }
    public FeedTrigger Trigger { get; private set; }
    /// <summary>The user who clicked Run now; null for a scheduled run.</summary>
    public string? TriggeredBy { get; private set; }
    public FeedRunStatus Status { get; private set; }
    public DateTime StartedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    public FeedCounts Counts { get; private set; } = FeedCounts.Zero;
    /// <summary>Items to process when the feed knows it; null while unknown.</summary>
    public int? Total { get; private set; }
    public string? Checkpoint { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    /// <summary>The instance running it, so another instance can tell a live run from an abandoned one.</summary>
    public string InstanceId { get; private set; } = "";
    public DateTime ProgressAt { get; private set; }
    /// <summary>
    /// Set when someone clicks Stop. The owning instance polls it, so Stop works from any instance sharing the
    /// database, not only from the one running the feed.
    /// </summary>
    public bool StopRequested { get; private set; }
    public string? StopRequestedBy { get; private set; }

    private FeedRun() { }

    public FeedRun(int integrationId, FeedKind feed, FeedTrigger trigger, string? triggeredBy, string instanceId, string? resumeFrom, DateTime now)
    {
        (IntegrationId, Feed, Trigger, TriggeredBy, InstanceId, Checkpoint) = (integrationId, feed, trigger, triggeredBy, instanceId, resumeFrom);
        Status = FeedRunStatus.Running;
        StartedAt = ProgressAt = now;
    }

    public TimeSpan? Duration => EndedAt - StartedAt;

    public void Report(FeedCounts counts, int? total, string? message, DateTime now)
    {
        EnsureRunning();
        (Counts, Total, Message, ProgressAt) = (counts, total, message is { Length: > 1000 } ? message[..1000] : message, now);
    }

    /// <summary>Moves the checkpoint; call only once the work before it is committed.</summary>
    public void Commit(string? checkpoint) { EnsureRunning(); Checkpoint = checkpoint; }

    public void Complete(FeedCounts counts, DateTime now) =>
        End(counts.Failed > 0 ? FeedRunStatus.CompletedWithErrors : FeedRunStatus.Succeeded, counts, null, now);

    public void Fail(FeedCounts counts, string error, DateTime now) => End(FeedRunStatus.Failed, counts, error, now);

    public void Cancel(FeedCounts counts, DateTime now, string? reason = null)
    {
        End(FeedRunStatus.Cancelled, counts, null, now);
        if (reason is not null) Message = reason.Length > 1000 ? reason[..1000] : reason;
    }

    /// <summary>Asks the instance running this feed to stop at its next check; a run that already ended ignores it.</summary>
    public bool RequestStop(string? by)
    {
        if (Status != FeedRunStatus.Running) return false;
        (StopRequested, StopRequestedBy) = (true, by);
        return true;
    }

    /// <summary>The instance running it stopped renewing its lease (crash, restart): the checkpoint stays for the next run.</summary>
    public void Abandon(DateTime now) =>
        End(FeedRunStatus.Abandoned, Counts, "The Connect instance running this feed stopped before it finished; the next run resumes from the last checkpoint.", now);

    private void End(FeedRunStatus status, FeedCounts counts, string? error, DateTime now)
    {
        EnsureRunning();
        (Status, Counts, Error, EndedAt, ProgressAt) = (status, counts, error is { Length: > 4000 } ? error[..4000] : error, now, now);
    }

    private void EnsureRunning()
    {
        if (Status != FeedRunStatus.Running) throw new DomainException($"Run {Id} already ended ({Status}).");
    }
}

/// <summary>
/// What a run did, item by item. <paramref name="Unchanged"/> counts records that had nothing to update (the normal case
/// of a repeated run); <paramref name="Skipped"/> only real skips, each logged with its reason.
/// </summary>
public sealed record FeedCounts(int Processed, int Created, int Updated, int Skipped, int Failed, int Unchanged = 0)
{
    public static readonly FeedCounts Zero = new(0, 0, 0, 0, 0);
    public FeedCounts Add(FeedCounts other) => new(Processed + other.Processed, Created + other.Created, Updated + other.Updated, Skipped + other.Skipped,
        Failed + other.Failed, Unchanged + other.Unchanged);
}

public enum FeedTrigger { Manual, Schedule }

public enum FeedRunStatus { Running, Succeeded, CompletedWithErrors, Failed, Cancelled, Abandoned }
