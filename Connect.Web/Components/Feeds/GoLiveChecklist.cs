using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;

namespace Connect.Web.Components.Feeds;

/// <summary>One step of the advised feed order and whether the integration has done it.</summary>
public sealed record ChecklistStep(string Title, string Advice, bool Done);

/// <summary>
/// The advised order of the merchant documentation, checked against successful runs and schedules, and the two
/// runs that overwrite stock and therefore ask for confirmation.
/// </summary>
public static class GoLiveChecklist
{
    public static IReadOnlyList<ChecklistStep> Steps(IntegrationFeedsView view)
    {
        IntegrationFeedRow? Row(FeedKind kind) => view.Feeds.FirstOrDefault(f => f.Feed == kind);
        bool Ran(FeedKind kind) => Row(kind)?.SuccessfulRuns > 0;
        bool Scheduled(FeedKind kind) => Row(kind)?.Schedule.Mode is { } mode && mode != ScheduleMode.Off;

        return
        [
            new("Import new products", "Run now (or schedule hourly for a large catalog) and wait until every product is in Connect.",
                Ran(FeedKind.ImportNewProducts) || Scheduled(FeedKind.ImportNewProducts)),
            new("Update products", "Schedule once a day.", Scheduled(FeedKind.UpdateProducts)),
            // Optional: the daily Update products alone keeps the catalog right, a day late at worst.
            new("Product sync (optional)", "Schedule every 15 minutes to take price, name and new combination changes in minutes; Update products stays the daily full pass.",
                Scheduled(FeedKind.ProductSync)),
            new("Import product images", "Schedule every 4 hours.", Scheduled(FeedKind.ImportProductImages)),
            new("Import new orders", "Run now, wait until the orders are in, then schedule every 5 minutes.",
                Ran(FeedKind.ImportNewOrders) && Scheduled(FeedKind.ImportNewOrders)),
            new("Update orders", "Not yet: do not run or schedule it now.", !Scheduled(FeedKind.UpdateOrders)),
            new("Import stock levels", "Run now once, and do not schedule it.", Ran(FeedKind.ImportStockLevels) && !Scheduled(FeedKind.ImportStockLevels)),
            // Suppliers are done once they ran: the daily schedule only keeps them fresh.
            new("Import suppliers", "Run now, then schedule once a day.", Ran(FeedKind.ImportSuppliers)),
            new("Product supplier import", "Run now, then schedule once a day.", Ran(FeedKind.ProductSupplierImport)),
            new("Stock check", "Schedule once a day.", Scheduled(FeedKind.StockCheck)),
            new("Retry", "Schedule every hour.", Scheduled(FeedKind.Retry)),
            new("Go live: stock level export and shipping confirmation",
                "Only when going Live: turn Live on, then schedule both. Before that, do not run them.",
                view.IsLive && Scheduled(FeedKind.StockLevelExport) && Scheduled(FeedKind.ShippingConfirmation)),
        ];
    }

    /// <summary>The risk of a Run now that overwrites stock, spelled out; null when the run is harmless.</summary>
    public static string? RunNowWarning(IntegrationFeedRow row, IntegrationFeedsView view) => row.Feed switch
    {
        FeedKind.ImportStockLevels when row.SuccessfulRuns > 0 =>
            "Import stock levels has already run. Running it again overwrites Connect's stock with the shop's: every stock change " +
            "made in Connect since then (orders shipped, counts, receipts) is lost. Run it only to start over.",
        FeedKind.StockLevelExport when row.SuccessfulRuns == 0 =>
            "Stock level export has never run. It overwrites the shop's stock with Connect's for every product. Check that " +
            "Import stock levels has run and that Connect's stock is right before you go on.",
        FeedKind.UpdateOrders => "The advised order says not to run Update orders yet: it rewrites imported orders from the shop.",
        _ => null,
    };

    /// <summary>The risk of scheduling a feed the advised order says to leave unscheduled.</summary>
    public static string? ScheduleWarning(FeedKind feed, IntegrationFeedsView view) => feed switch
    {
        FeedKind.ImportStockLevels =>
            "Import stock levels should run once, not on a schedule: every run overwrites Connect's stock with the shop's.",
        FeedKind.StockLevelExport or FeedKind.ShippingConfirmation when !view.IsLive =>
            $"{feed.DisplayName()} writes to the shop; it runs only once the integration is Live (the schedule waits until then). " +
            "From then on the shop's stock is overwritten by Connect's.",
        FeedKind.UpdateOrders => "The advised order says not to schedule Update orders yet.",
        _ => null,
    };
}
