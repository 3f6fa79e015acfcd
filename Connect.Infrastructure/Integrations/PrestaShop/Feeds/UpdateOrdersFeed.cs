using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Update orders: the shop orders changed since the last run (date_upd with date=1, keyset on (date_upd, id), a small overlap)
/// that Connect imported. A state whose rule is "cancel", or that the shop flags as cancelled or refunded, cancels the Connect
/// order and releases its reservations; a shipped order is left alone and the conflict is logged. Only the status moves:
/// lines and addresses are never rewritten. The checkpoint is the (date_upd, id) of the last row of a committed page.
/// </summary>
public sealed class UpdateOrdersFeed(OrderIntake orders, ProductIntake products, OrderFeedOptions options, CatalogFeedOptions catalog,
    ICatalogClientSource clients) : PrestaShopCatalogFeed(clients)
{
    public const string DateFormat = "yyyy-MM-dd HH:mm:ss";

    public override FeedKind Kind => FeedKind.UpdateOrders;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var tally = new FeedTally();
        var cursor = ParseCheckpoint(run.ResumeFrom);
        if (cursor is null)
        {
            // First run: nothing before the oldest open order can still cancel one.
            if (await orders.OldestOpenOrderAsync(run.IntegrationId, ct) is not { } start) return tally.Counts;
            cursor = new PrestaShopCursor(start, 0);
        }
        var reader = new OrderReader(client, options, products, orders, catalog);
        var states = await reader.StatesAsync(ct);
        var query = reader.Orders().Display("id", "current_state", "id_shop", "date_upd");
        await foreach (var page in client.ChangesSinceAsync<Order>(cursor, options.ChangeOverlap, options.OrderPageSize, query, ct))
        {
            var changes = page.Items.Select(o => (o.Id.ToString(CultureInfo.InvariantCulture), o.CurrentState.ToString(CultureInfo.InvariantCulture))).ToList();
            var outcomes = await orders.ApplyStatusChangesAsync(run.IntegrationId, changes, states, Kind.DisplayName(), ct, run.RunId);
            tally.Processed += page.Items.Count;
            foreach (var outcome in outcomes)
            {
                if (outcome.Cancelled) tally.Updated++;
                else tally.Failed++;
                await run.LogAsync(outcome.Cancelled ? FeedLogLevel.Info : FeedLogLevel.Warning, outcome.Message, outcome.ExternalId, "order", outcome.OrderId);
            }
            // Orders whose new state changes nothing in Connect.
            tally.Unchanged += page.Items.Count - outcomes.Count;
            if (page.Cursor is { } next) await run.CommitCheckpointAsync(FormatCheckpoint(next));
            run.Report(tally.Counts, null, $"Read shop orders changed up to {page.Cursor?.DateUpd.ToString(DateFormat, CultureInfo.InvariantCulture)}");
        }
        return tally.Counts;
    }

    public static string FormatCheckpoint(PrestaShopCursor cursor) =>
        string.Create(CultureInfo.InvariantCulture, $"{cursor.DateUpd.ToString(DateFormat, CultureInfo.InvariantCulture)}|{cursor.Id}");

    public static PrestaShopCursor? ParseCheckpoint(string? text)
    {
        var parts = text?.Split('|');
        return parts is [var date, var id]
            && DateTime.TryParseExact(date, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? new PrestaShopCursor(at, last) : null;
    }
}
