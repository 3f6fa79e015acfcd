namespace Connect.Domain.Feeds;

/// <summary>
/// The right to run one feed of one integration, held by one Connect instance until it expires. The holder
/// renews it while it works, so two instances sharing a database never run the same feed at once.
/// </summary>
public sealed class FeedLease
{
    public int IntegrationId { get; private set; }
    public FeedKind Feed { get; private set; }
    public long? RunId { get; private set; }
    public string? Owner { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    /// <summary>The last committed checkpoint, kept here so the next run resumes where the last one stopped.</summary>
    public string? Checkpoint { get; private set; }

    private FeedLease() { }

    public FeedLease(int integrationId, FeedKind feed) => (IntegrationId, Feed) = (integrationId, feed);

    public bool IsHeld(DateTime now) => Owner is not null && ExpiresAt > now;

    /// <summary>Takes the lease; the run id may follow (<see cref="AttachRun"/>) because the run row is written once the lease is won.</summary>
    public void Take(string owner, long? runId, DateTime expiresAt) => (Owner, RunId, ExpiresAt) = (owner, runId, expiresAt);

    public void AttachRun(long runId) => RunId = runId;

    public bool IsHeldBy(string owner, long runId) => Owner == owner && RunId == runId;

    public void Renew(DateTime expiresAt) => ExpiresAt = expiresAt;

    public void Commit(string? checkpoint) => Checkpoint = checkpoint;

    public void Free() => (Owner, RunId, ExpiresAt) = (null, null, DateTime.MinValue);
}
