using Connect.Domain.Feeds;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// What a catalog feed needs from the run that executes it: where to resume, how to report, log and commit. The engine's
/// run context is adapted to it; tests give a recording one.
/// </summary>
public interface ICatalogFeedRun
{
    int IntegrationId { get; }

    /// <summary>The engine's run id, for records that name the run that made them (an order's history); null outside the engine.</summary>
    long? RunId => null;

    /// <summary>The last committed checkpoint of this feed, null on a first run.</summary>
    string? ResumeFrom { get; }

    void Report(FeedCounts counts, int? total = null, string? message = null);

    Task LogAsync(FeedLogLevel level, string message, string? externalId = null, string? recordKind = null, int? recordId = null);

    /// <summary>Call only once the work before the checkpoint is committed.</summary>
    Task CommitCheckpointAsync(string checkpoint);
}

/// <summary>
/// Page sizes of the catalog feeds. Products are read with only the fields kept (their combinations by the same id range),
/// so large pages stay small on the wire; several pages are read at once, up to the integration's request concurrency.
/// </summary>
public sealed record CatalogFeedOptions
{
    public int ProductPageSize { get; init; } = 500;
    public int RowPageSize { get; init; } = 1000;
    /// <summary>Ids per filter[id]=[a|b|c] request; keeps URLs well under server limits.</summary>
    public int IdSetSize { get; init; } = 250;
    /// <summary>Products handled per image batch (one cheap product read, full reads of those with images, downloads, one commit).</summary>
    public int ImageBatchSize { get; init; } = 500;
    /// <summary>Product sync starts this much before its checkpoint (clock skew, late commits in the shop).</summary>
    public TimeSpan ChangeOverlap { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Running counts of one run; intake results add up here. Records with nothing to update are unchanged; skipped is kept
/// for items left out for a reason, which the feed logs.
/// </summary>
internal sealed class FeedTally
{
    public int Processed, Created, Updated, Unchanged, Skipped, Failed;

    public FeedCounts Counts => new(Processed, Created, Updated, Skipped, Failed, Unchanged);

    public void Add(IntakeResult result)
    {
        Created += result.Created;
        Updated += result.Updated + result.Deactivated;
        Unchanged += result.Unchanged;
        Skipped += result.Skipped;
        Failed += result.Failures.Count;
    }
}
