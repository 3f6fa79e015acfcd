using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Import new orders: the shop orders after the last imported id (or from "Import orders from id"), in id order, in large
/// display=full pages whose order_rows give the lines, several pages read at once. Each order's state decides through the status rules; what cannot be
/// imported yet is parked for Retry. The checkpoint is the last order id of a committed page, so a crash mid-page redoes
/// that page, and the unique order link makes the redo import nothing twice.
/// </summary>
public sealed class ImportNewOrdersFeed(OrderIntake orders, ProductIntake products, OrderFeedOptions options, CatalogFeedOptions catalog,
    ICatalogClientSource clients) : PrestaShopCatalogFeed(clients)
{
    public override FeedKind Kind => FeedKind.ImportNewOrders;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var tally = new FeedTally();
        var reader = new OrderReader(client, options, products, orders, catalog);
        var from = await orders.ImportOrdersFromIdAsync(run.IntegrationId, ct) ?? 1;
        var after = Math.Max(ProductPages.Checkpoint(run.ResumeFrom), from - 1);
        var states = await reader.StatesAsync(ct);
        // Id windows read and mapped several at once (the integration's request concurrency), handed out in id order: each
        // page is committed before its checkpoint, so the checkpoint moves only with a committed page.
        await foreach (var window in IdWindows.ReadAsync(client, Order.ResourceName, after, options.OrderPageSize, reader.WindowAsync, ct))
        {
            var incoming = window.Page;
            if (incoming.Count > 0)
            {
                // Products only for orders not imported yet: a redone page does not import products again for imported orders.
                var imported = await orders.ImportedAsync(run.IntegrationId, incoming.Select(o => o.ExternalId).ToList(), ct);
                await reader.ImportUnknownProductsAsync(run.IntegrationId, incoming.Where(o => !imported.ContainsKey(o.ExternalId)), run, ct);
                var result = await orders.ApplyAsync(run.IntegrationId, incoming, states, Kind.DisplayName(), ct, run.RunId);
                await OrderOutcomes.RecordAsync(run, tally, incoming.Count, result);
            }
            await run.CommitCheckpointAsync(window.UpTo.ToString(CultureInfo.InvariantCulture));
            run.Report(tally.Counts, null, $"Read shop orders up to id {window.UpTo}");
        }
        return tally.Counts;
    }
}
