using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;

namespace Connect.Infrastructure.Tests.Catalog;

/// <summary>A feed run for tests: keeps the checkpoint, the log and the reports; a hook runs after each committed checkpoint.</summary>
public sealed class RecordingFeedRun(int integrationId, string? resumeFrom = null) : ICatalogFeedRun
{
    public int IntegrationId { get; } = integrationId;
    public string? ResumeFrom { get; } = resumeFrom;
    public long? RunId { get; init; }
    public string? Checkpoint { get; private set; } = resumeFrom;
    public List<string> Checkpoints { get; } = [];
    public List<(FeedLogLevel Level, string Message, string? ExternalId)> Log { get; } = [];
    public List<FeedCounts> Reports { get; } = [];
    public Action<string>? AfterCommit { get; init; }

    public void Report(FeedCounts counts, int? total = null, string? message = null) => Reports.Add(counts);

    public Task LogAsync(FeedLogLevel level, string message, string? externalId = null, string? recordKind = null, int? recordId = null)
    {
        Log.Add((level, message, externalId));
        return Task.CompletedTask;
    }

    public Task CommitCheckpointAsync(string checkpoint)
    {
        Checkpoint = checkpoint;
        Checkpoints.Add(checkpoint);
        AfterCommit?.Invoke(checkpoint);
        return Task.CompletedTask;
    }

    /// <summary>The next run of the same feed, resuming from this one's checkpoint.</summary>
    public RecordingFeedRun Next() => new(IntegrationId, Checkpoint);
}
