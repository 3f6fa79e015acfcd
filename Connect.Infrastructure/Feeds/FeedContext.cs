using Connect.Domain.Feeds;

namespace Connect.Infrastructure.Feeds;

/// <summary>
/// What a feed sees of its run: where to resume, and how to report, log and commit. Progress reports are cheap
/// (the engine throttles what it publishes and saves); log and checkpoint calls write to the database.
/// </summary>
public sealed class FeedContext : IProgress<FeedProgress>
{
    private readonly FeedRunSession _session;

    internal FeedContext(FeedRunSession session) => _session = session;

    public long RunId => _session.RunId;
    public int IntegrationId => _session.IntegrationId;
    public FeedKind Feed => _session.Feed;
    public FeedTrigger Trigger => _session.Trigger;

    /// <summary>The last committed checkpoint of this feed (from an earlier run, even a crashed one); null on a first run.</summary>
    public string? ResumeFrom => _session.ResumeFrom;

    /// <summary>The checkpoint committed so far in this run (starts at <see cref="ResumeFrom"/>).</summary>
    public string? Checkpoint => _session.Checkpoint;

    /// <summary>The last progress reported.</summary>
    public FeedProgress Progress => _session.Progress;

    /// <summary>Reports where the run stands (counts so far, not increments).</summary>
    public void Report(FeedProgress progress) => _session.Report(progress);

    public void Report(FeedCounts counts, int? total = null, string? message = null) => _session.Report(new FeedProgress(counts, total, message));

    /// <summary>
    /// Writes a log entry, pointing at the shop record (<paramref name="externalId"/>) and the Connect record
    /// (<paramref name="recordKind"/> such as "product" or "order", and <paramref name="recordId"/>) when there is one.
    /// Use it for item failures with the fix in the message, then count the item as failed and go on.
    /// </summary>
    public Task LogAsync(FeedLogLevel level, string message, string? externalId = null, string? recordKind = null, int? recordId = null) =>
        _session.LogAsync(level, message, externalId, recordKind, recordId);

    /// <summary>
    /// Moves the checkpoint (on the run and on the lease, so the next run resumes from it). Call it only after the
    /// work before the checkpoint is committed; on a lost lease it throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public Task CommitCheckpointAsync(string checkpoint) => _session.CommitCheckpointAsync(checkpoint);
}
