using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Retry: reads the waiting orders again by id sets. Those now importable are imported exactly like Import new orders does;
/// those in a state that is neither imported nor retried, or gone from the shop, leave the waiting list with a log line; the
/// others stay, with their state, lines and message brought up to date. No checkpoint: every run looks at the whole list.
/// </summary>
public sealed class RetryOrdersFeed(OrderIntake orders, ProductIntake products, OrderFeedOptions options, CatalogFeedOptions catalog,
    ICatalogClientSource clients) : PrestaShopCatalogFeed(clients)
{
    public override FeedKind Kind => FeedKind.Retry;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var tally = new FeedTally();
        var waiting = await orders.WaitingAsync(run.IntegrationId, ct);
        if (waiting.Count == 0) return tally.Counts;
        var reader = new OrderReader(client, options, products, orders, catalog);
        var states = await reader.StatesAsync(ct);
        foreach (var chunk in waiting.Chunk(options.IdSetSize))
        {
            var page = await client.ListAsync<Order>(reader.Orders().In("id", chunk.Cast<object>()).OrderBy("id"), ct);
            var incoming = await reader.MapAsync(page, ct);
            await reader.ImportUnknownProductsAsync(run.IntegrationId, incoming, run, ct);
            var result = await orders.ApplyAsync(run.IntegrationId, incoming, states, Kind.DisplayName(), ct, run.RunId);
            await OrderOutcomes.RecordAsync(run, tally, chunk.Length, result);
            var gone = chunk.Except(incoming.Select(o => o.ExternalId), StringComparer.Ordinal).ToList();
            await orders.DropWaitingAsync(run.IntegrationId, gone, ct);
            foreach (var id in gone)
            {
                tally.Skipped++;
                await run.LogAsync(FeedLogLevel.Warning, $"Order {id} is no longer in the shop (deleted, or moved to another shop); it is no longer waiting.", id, "order");
            }
            run.Report(tally.Counts, waiting.Count, $"Looked again at {tally.Processed} of {waiting.Count} waiting orders");
        }
        return tally.Counts;
    }
}
