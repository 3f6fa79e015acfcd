using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Import new orders: the shop orders after the last imported id (or from "Import orders from id"), in id order, in large
/// display=full pages whose order_rows give the lines. Each order's state decides through the status rules; what cannot be
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
        while (true)
        {
            var page = await client.ListAsync<Order>(reader.Orders().GreaterThan("id", after).OrderBy("id").Limit(options.OrderPageSize), ct);
            if (page.Count == 0) break;
            var incoming = await reader.MapAsync(page, ct);
            // Products only for orders not imported yet: a redone page does not import products again for imported orders.
            var imported = await orders.ImportedAsync(run.IntegrationId, incoming.Select(o => o.ExternalId).ToList(), ct);
            await reader.ImportUnknownProductsAsync(run.IntegrationId, incoming.Where(o => !imported.ContainsKey(o.ExternalId)), run, ct);
            var result = await orders.ApplyAsync(run.IntegrationId, incoming, states, Kind.DisplayName(), ct, run.RunId);
            await OrderOutcomes.RecordAsync(run, tally, page.Count, result);
            after = page.Max(o => o.Id);
            await run.CommitCheckpointAsync(after.ToString(CultureInfo.InvariantCulture));
            run.Report(tally.Counts, null, $"Read shop orders up to id {after}");
            if (page.Count < options.OrderPageSize) break;
        }
        return tally.Counts;
    }
}
