using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Web.Components.Feeds;

namespace Connect.Web.Tests.Feeds;

public sealed class GoLiveChecklistTests
{
    private static readonly ScheduleSettings Daily = new(ScheduleMode.Daily, TimeOfDay: new TimeOnly(2, 30));

    private static IntegrationFeedsView View(bool live = false, FeedKind[]? missing = null, FeedKind[]? scheduled = null, params (FeedKind Feed, int SuccessfulRuns)[] ran) =>
        new(1, "Shop", "PrestaShop", live, 1, Enum.GetValues<FeedKind>()
            .Select(kind => new IntegrationFeedRow(1, kind, scheduled?.Contains(kind) == true ? Daily : ScheduleSettings.Off, null, null,
                ran.Where(r => r.Feed == kind).Sum(r => r.SuccessfulRuns), Available: missing?.Contains(kind) != true))
            .ToList());

    private static ChecklistStep Step(IntegrationFeedsView view, string title) => GoLiveChecklist.Steps(view).Single(s => s.Title == title);

    [Fact]
    public void A_step_never_run_is_to_do_with_a_Run_button()
    {
        var step = Step(View(), "Import new products");

        step.State.ShouldBe(StepState.ToDo);
        step.Reason.ShouldBe("Never run successfully.");
        step.Action.ShouldBe(StepAction.Run);
        step.Feed.ShouldBe(FeedKind.ImportNewProducts);
    }

    [Fact]
    public void A_step_to_schedule_that_has_no_schedule_is_to_do_with_a_Schedule_button()
    {
        var step = Step(View(), "Stock check");

        step.State.ShouldBe(StepState.ToDo);
        step.Action.ShouldBe(StepAction.Schedule);
    }

    [Fact]
    public void Suppliers_that_ran_but_are_not_scheduled_say_so_and_offer_the_schedule()
    {
        var view = View(ran: [(FeedKind.ImportSuppliers, 1), (FeedKind.ProductSupplierImport, 2)]);

        var suppliers = Step(view, "Import suppliers");
        suppliers.State.ShouldBe(StepState.RanNotScheduled);
        suppliers.Reason.ShouldBe("Ran successfully, but it has no schedule yet.");
        suppliers.Action.ShouldBe(StepAction.Schedule);
        Step(view, "Product supplier import").Reason.ShouldBe("Ran successfully, but it has no schedule yet.");
    }

    [Fact]
    public void Suppliers_that_ran_and_are_scheduled_are_done()
    {
        var step = Step(View(scheduled: [FeedKind.ImportSuppliers], ran: (FeedKind.ImportSuppliers, 3)), "Import suppliers");

        step.State.ShouldBe(StepState.Done);
        step.Reason.ShouldBe("Ran successfully; scheduled daily at 02:30.");
        step.Action.ShouldBe(StepAction.None);
    }

    [Fact]
    public void Update_orders_left_alone_is_not_available_yet_and_never_a_green_tick()
    {
        var step = Step(View(), "Update orders");

        step.State.ShouldBe(StepState.NotAvailable);
        step.Done.ShouldBeFalse();
        step.Action.ShouldBe(StepAction.None);
        step.Reason.ShouldStartWith("Not yet");
    }

    [Fact]
    public void Update_orders_scheduled_against_the_advice_is_to_do_with_its_schedule_to_turn_off()
    {
        var step = Step(View(scheduled: [FeedKind.UpdateOrders]), "Update orders");

        step.State.ShouldBe(StepState.ToDo);
        step.Action.ShouldBe(StepAction.Schedule);
        step.Reason.ShouldContain("turn its schedule off");
    }

    [Fact]
    public void Import_stock_levels_run_once_is_done_but_scheduled_it_is_to_undo()
    {
        Step(View(ran: (FeedKind.ImportStockLevels, 1)), "Import stock levels").State.ShouldBe(StepState.Done);

        var scheduled = Step(View(scheduled: [FeedKind.ImportStockLevels], ran: (FeedKind.ImportStockLevels, 1)), "Import stock levels");
        scheduled.State.ShouldBe(StepState.ToDo);
        scheduled.Action.ShouldBe(StepAction.Schedule);
    }

    [Fact]
    public void A_feed_the_platform_does_not_have_is_not_available_and_offers_no_button()
    {
        var step = Step(View(missing: [FeedKind.ImportProductImages]), "Import product images");

        step.State.ShouldBe(StepState.NotAvailable);
        step.Action.ShouldBe(StepAction.None);
        step.Reason.ShouldBe("Connect has no Import product images feed for PrestaShop yet.");
    }

    [Fact]
    public void Going_live_is_not_available_before_Live_then_to_do_until_both_exports_are_scheduled()
    {
        const string title = "Go live: stock level export and shipping confirmation";
        Step(View(), title).State.ShouldBe(StepState.NotAvailable);

        var live = Step(View(live: true, scheduled: [FeedKind.StockLevelExport]), title);
        live.State.ShouldBe(StepState.ToDo);
        live.Feed.ShouldBe(FeedKind.ShippingConfirmation);
        live.Action.ShouldBe(StepAction.Schedule);

        Step(View(live: true, scheduled: [FeedKind.StockLevelExport, FeedKind.ShippingConfirmation]), title).State.ShouldBe(StepState.Done);
    }
}
