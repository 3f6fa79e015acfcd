using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>Opens the Webservice client of a saved integration for one feed run; the feed disposes it.</summary>
public interface ICatalogClientSource
{
    Task<PrestaShopClient> OpenAsync(int integrationId, CancellationToken ct);
}

/// <summary>
/// The engine side of a catalog feed: opens the integration's client, adapts the engine's run context and turns the
/// client's fatal errors (bad key, webservice off, HTML instead of XML) into a fatal run with the fix in plain words.
/// Transient errors escape as they are: the run fails and the next one resumes from the last committed checkpoint.
/// </summary>
public abstract class PrestaShopCatalogFeed(ICatalogClientSource clients) : IFeed
{
    public abstract FeedKind Kind { get; }

    /// <summary>The feed itself, on a client and a run; tests call it directly.</summary>
    public abstract Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct);

    public async Task<FeedOutcome> RunAsync(FeedContext context, CancellationToken cancellationToken)
    {
        using var client = await clients.OpenAsync(context.IntegrationId, cancellationToken);
        try
        {
            return new FeedOutcome(await RunAsync(client, new EngineRun(context), cancellationToken));
        }
        catch (PrestaShopException ex) when (ex.IsFatal)
        {
            throw new FeedFatalException(ex.Explanation, ex);
        }
    }

    private sealed class EngineRun(FeedContext context) : ICatalogFeedRun
    {
        public int IntegrationId => context.IntegrationId;
        public long? RunId => context.RunId;
        public string? ResumeFrom => context.ResumeFrom;
        public void Report(FeedCounts counts, int? total = null, string? message = null) => context.Report(counts, total, message);
        public Task LogAsync(FeedLogLevel level, string message, string? externalId = null, string? recordKind = null, int? recordId = null) =>
            context.LogAsync(level, message, externalId, recordKind, recordId);
        public Task CommitCheckpointAsync(string checkpoint) => context.CommitCheckpointAsync(checkpoint);
    }
}

/// <summary>Plain words for a run that failed on a Webservice error that is not fatal (shop down, timeout, 5xx).</summary>
public sealed class PrestaShopFeedErrorExplainer : IFeedErrorExplainer
{
    public string? Explain(Exception exception) => exception is PrestaShopException ex ? ex.Explanation : null;
}
