using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Web.Components.Feeds;

namespace Connect.Web.Tests.Feeds;

public sealed class GoLiveChecklistTests
{
    private static IntegrationFeedsView View(params (FeedKind Feed, int SuccessfulRuns)[] ran) =>
        new(1, "Shop", "PrestaShop", false, 1, Enum.GetValues<FeedKind>()
            .Select(kind => new IntegrationFeedRow(1, kind, new ScheduleSettings(ScheduleMode.Off), null, null,
                ran.Where(r => r.Feed == kind).Sum(r => r.SuccessfulRuns)))
            .ToList());

    [Fact]
    public void Suppliers_and_product_suppliers_that_ran_are_ticked_before_they_are_scheduled()
    {
        var steps = GoLiveChecklist.Steps(View((FeedKind.ImportSuppliers, 1), (FeedKind.ProductSupplierImport, 2)));

        steps.Single(s => s.Title == "Import suppliers").Done.ShouldBeTrue();
        steps.Single(s => s.Title == "Product supplier import").Done.ShouldBeTrue();
    }

    [Fact]
    public void Steps_not_done_stay_unticked()
    {
        var steps = GoLiveChecklist.Steps(View());

        steps.Single(s => s.Title == "Import suppliers").Done.ShouldBeFalse();
        steps.Single(s => s.Title == "Import new products").Done.ShouldBeFalse();
        steps.Single(s => s.Title == "Update orders").Done.ShouldBeTrue(); // "do not run it yet" is done by leaving it alone
    }
}
