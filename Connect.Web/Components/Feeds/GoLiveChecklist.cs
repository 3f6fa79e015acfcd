using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;

namespace Connect.Web.Components.Feeds;

/// <summary>Where a go-live step stands.</summary>
public enum StepState
{
    /// <summary>Done as the advised order says.</summary>
    Done,
    /// <summary>Ran successfully, but the schedule that keeps it going is missing.</summary>
    RanNotScheduled,
    /// <summary>Still to do; the step's button does it.</summary>
    ToDo,
    /// <summary>Not to be done now: the platform has no such feed yet, the integration is not Live, or the advice is to wait.</summary>
    NotAvailable,
}

/// <summary>What the button on a step does: run its feed now or open its schedule.</summary>
public enum StepAction { None, Run, Schedule }

/// <summary>
/// One step of the advised feed order: where it stands and why, and the feed its button runs or schedules (through the
/// same handlers as the feed table, so the services check the user).
/// </summary>
public sealed record ChecklistStep(string Title, string Advice, StepState State, string Reason, FeedKind? Feed = null, StepAction Action = StepAction.None)
{
    public bool Done => State == StepState.Done;
}

/// <summary>
/// The advised order of the merchant documentation, checked against successful runs and schedules, and the two
/// runs that overwrite stock and therefore ask for confirmation.
/// </summary>
public static class GoLiveChecklist
{
    public static IReadOnlyList<ChecklistStep> Steps(IntegrationFeedsView view)
    {
        IntegrationFeedRow? Row(FeedKind kind) => view.Feeds.FirstOrDefault(f => f.Feed == kind);
        int Runs(FeedKind kind) => Row(kind)?.SuccessfulRuns ?? 0;
        bool Ran(FeedKind kind) => Runs(kind) > 0;
        bool Scheduled(FeedKind kind) => Row(kind)?.Schedule.Mode is { } mode && mode != ScheduleMode.Off;
        string Schedule(FeedKind kind) => FeedScheduleRules.Describe(Row(kind)?.Schedule ?? ScheduleSettings.Off).ToLowerInvariant();
        const string ranSuccessfully = "Ran successfully"; // whether it ran, not how often: the overview does not count every run

        // A feed the platform does not offer cannot be a step to do, whatever the advice says.
        ChecklistStep Step(string title, FeedKind kind, string advice, Func<ChecklistStep> decide) =>
            Row(kind) is { Available: true } ? decide() with { Title = title, Advice = advice, Feed = kind }
                : new(title, advice, StepState.NotAvailable, $"Connect has no {kind.DisplayName()} feed for {view.Platform} yet.", kind);

        // "Run it now, then schedule it": a run is the first thing to do, the schedule the second.
        ChecklistStep RunThenSchedule(FeedKind kind) =>
            Ran(kind) && Scheduled(kind) ? Is(StepState.Done, $"{ranSuccessfully}; scheduled {Schedule(kind)}.")
            : Ran(kind) ? Is(StepState.RanNotScheduled, $"{ranSuccessfully}, but it has no schedule yet.", StepAction.Schedule)
            : Scheduled(kind) ? Is(StepState.ToDo, $"Scheduled {Schedule(kind)}, but it has not run successfully yet.", StepAction.Run)
            : Is(StepState.ToDo, "Never run successfully.", StepAction.Run);

        // "Schedule it": a run alone does not keep it going.
        ChecklistStep ScheduleOnly(FeedKind kind) =>
            Scheduled(kind) ? Is(StepState.Done, $"Scheduled {Schedule(kind)}.")
            : Ran(kind) ? Is(StepState.RanNotScheduled, $"{ranSuccessfully}, but it has no schedule yet.", StepAction.Schedule)
            : Is(StepState.ToDo, "Not scheduled.", StepAction.Schedule);

        return
        [
            Step("Import new products", FeedKind.ImportNewProducts,
                "Run now (or schedule hourly for a large catalog) and wait until every product is in Connect.",
                () => Ran(FeedKind.ImportNewProducts) ? Is(StepState.Done, $"{ranSuccessfully}.")
                    : Scheduled(FeedKind.ImportNewProducts) ? Is(StepState.Done, $"Scheduled {Schedule(FeedKind.ImportNewProducts)}.")
                    : Is(StepState.ToDo, "Never run successfully.", StepAction.Run)),
            Step("Update products", FeedKind.UpdateProducts, "Schedule once a day.", () => ScheduleOnly(FeedKind.UpdateProducts)),
            // Optional: the daily Update products alone keeps the catalog right, a day late at worst.
            Step("Product sync (optional)", FeedKind.ProductSync,
                "Schedule every 15 minutes to take price, name and new combination changes in minutes; Update products stays the daily full pass.",
                () => Scheduled(FeedKind.ProductSync) ? Is(StepState.Done, $"Scheduled {Schedule(FeedKind.ProductSync)}.")
                    : Is(StepState.ToDo, "Optional, not scheduled: catalog changes reach Connect with the daily Update products.", StepAction.Schedule)),
            Step("Import product images", FeedKind.ImportProductImages, "Schedule every 4 hours.", () => ScheduleOnly(FeedKind.ImportProductImages)),
            Step("Import new orders", FeedKind.ImportNewOrders, "Run now, wait until the orders are in, then schedule every 5 minutes.",
                () => RunThenSchedule(FeedKind.ImportNewOrders)),
            // Leaving it alone is the advice, which is no achievement to tick: it stays "not yet" unless someone scheduled it.
            Step("Update orders", FeedKind.UpdateOrders, "Not yet: do not run or schedule it now.",
                () => Scheduled(FeedKind.UpdateOrders)
                    ? Is(StepState.ToDo, $"It is scheduled {Schedule(FeedKind.UpdateOrders)}: turn its schedule off for now.", StepAction.Schedule)
                    : Is(StepState.NotAvailable, "Not yet: it rewrites imported orders from the shop. Leave it off until the advised order changes.")),
            Step("Import stock levels", FeedKind.ImportStockLevels, "Run now once, and do not schedule it.",
                () => Scheduled(FeedKind.ImportStockLevels)
                    ? Is(StepState.ToDo, "It is scheduled: turn the schedule off, every run overwrites Connect's stock with the shop's.", StepAction.Schedule)
                    : Ran(FeedKind.ImportStockLevels) ? Is(StepState.Done, $"{ranSuccessfully}; not scheduled.")
                    : Is(StepState.ToDo, "Never run successfully.", StepAction.Run)),
            Step("Import suppliers", FeedKind.ImportSuppliers, "Run now, then schedule once a day.", () => RunThenSchedule(FeedKind.ImportSuppliers)),
            Step("Product supplier import", FeedKind.ProductSupplierImport, "Run now, then schedule once a day.", () => RunThenSchedule(FeedKind.ProductSupplierImport)),
            Step("Stock check", FeedKind.StockCheck, "Schedule once a day.", () => ScheduleOnly(FeedKind.StockCheck)),
            Step("Retry", FeedKind.Retry, "Schedule every hour.", () => ScheduleOnly(FeedKind.Retry)),
            GoLive(view, Row, Scheduled),
        ];
    }

    private static ChecklistStep Is(StepState state, string reason, StepAction action = StepAction.None) => new("", "", state, reason, null, action);

    private static ChecklistStep GoLive(IntegrationFeedsView view, Func<FeedKind, IntegrationFeedRow?> row, Func<FeedKind, bool> scheduled)
    {
        const string title = "Go live: stock level export and shipping confirmation";
        const string advice = "Only when going Live: turn Live on, then schedule both. Before that, do not run them.";
        FeedKind[] exports = [FeedKind.StockLevelExport, FeedKind.ShippingConfirmation];
        if (exports.Where(kind => row(kind) is not { Available: true }).Select(kind => (FeedKind?)kind).FirstOrDefault() is { } missing)
            return new(title, advice, StepState.NotAvailable, $"Connect has no {missing.DisplayName()} feed for {view.Platform} yet.", missing);
        if (!view.IsLive)
            return new(title, advice, StepState.NotAvailable, "The integration is not Live: turn Live on in the Configuration tab when the steps above are done.");
        var unscheduled = exports.Where(kind => !scheduled(kind)).ToList();
        return unscheduled.Count == 0
            ? new(title, advice, StepState.Done, "Live, and both are scheduled.")
            : new(title, advice, StepState.ToDo, $"Live, but {string.Join(" and ", unscheduled.Select(k => k.DisplayName()))} not scheduled yet.",
                unscheduled[0], StepAction.Schedule);
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
