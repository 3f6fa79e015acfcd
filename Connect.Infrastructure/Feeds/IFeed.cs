using Connect.Domain.Feeds;

namespace Connect.Infrastructure.Feeds;

/// <summary>
/// One kind of data movement for one platform. A feed pages through its source, maps, hands records to intake,
/// reports progress through its <see cref="FeedContext"/> and returns what it did. It is resolved in a fresh DI
/// scope for every run, so it may take scoped services in its constructor.
/// </summary>
public interface IFeed
{
    FeedKind Kind { get; }

    /// <summary>
    /// Runs once. Item failures are logged (<see cref="FeedContext.LogAsync"/>) and counted, never thrown. Throw
    /// <see cref="FeedFatalException"/> (or let any exception escape) to stop the run; observe the token to stop cleanly.
    /// </summary>
    Task<FeedOutcome> RunAsync(FeedContext context, CancellationToken cancellationToken);
}

/// <summary>What a run did. <paramref name="Checkpoint"/>, when set, is committed as the run ends.</summary>
public sealed record FeedOutcome(FeedCounts Counts, string? Checkpoint = null, string? Message = null)
{
    public static FeedOutcome Of(int processed = 0, int created = 0, int updated = 0, int skipped = 0, int failed = 0, string? checkpoint = null, string? message = null,
        int unchanged = 0) =>
        new(new FeedCounts(processed, created, updated, skipped, failed, unchanged), checkpoint, message);
}

/// <summary>Where a run stands: counts so far, the total when known, and a line for the operator.</summary>
public sealed record FeedProgress(FeedCounts Counts, int? Total = null, string? Message = null);

/// <summary>
/// Stops a run with an explanation the operator can act on, e.g. "The API key was refused: create a key with
/// all permissions in Advanced Parameters > Webservice and save it in the Configuration tab."
/// </summary>
public sealed class FeedFatalException(string explanation, Exception? innerException = null) : Exception(explanation, innerException)
{
    public string Explanation => Message;
}

/// <summary>
/// Lets a platform turn its own exception types into plain words for a failed run. Return null when the exception
/// is not yours; the first non-null answer wins, and the exception message is used when nobody answers.
/// </summary>
public interface IFeedErrorExplainer
{
    string? Explain(Exception exception);
}
