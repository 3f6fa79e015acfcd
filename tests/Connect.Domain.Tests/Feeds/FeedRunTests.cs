using Connect.Domain;
using Connect.Domain.Feeds;

namespace Connect.Domain.Tests.Feeds;

public sealed class FeedRunTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);

    private static FeedRun Start(string? resumeFrom = null) => new(1, FeedKind.ImportNewProducts, FeedTrigger.Manual, "alice", "instance-a", resumeFrom, Now);

    [Fact]
    public void A_run_resumes_from_the_given_checkpoint()
    {
        Start("120").Checkpoint.ShouldBe("120");
    }

    [Fact]
    public void Item_failures_end_the_run_as_completed_with_errors()
    {
        var run = Start();
        run.Complete(new FeedCounts(10, 5, 3, 1, 1), Now.AddSeconds(5));
        run.Status.ShouldBe(FeedRunStatus.CompletedWithErrors);
        run.Duration.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_failed_run_keeps_its_last_committed_checkpoint()
    {
        var run = Start();
        run.Commit("50");
        run.Fail(FeedCounts.Zero, "Shop unreachable", Now);
        (run.Status, run.Checkpoint, run.Error).ShouldBe((FeedRunStatus.Failed, "50", "Shop unreachable"));
    }

    [Fact]
    public void An_ended_run_cannot_change()
    {
        var run = Start();
        run.Cancel(FeedCounts.Zero, Now);
        Should.Throw<DomainException>(() => run.Commit("1"));
        Should.Throw<DomainException>(() => run.Abandon(Now));
    }

    [Fact]
    public void Export_feeds_require_live()
    {
        FeedKind.StockLevelExport.RequiresLive().ShouldBeTrue();
        FeedKind.ShippingConfirmation.RequiresLive().ShouldBeTrue();
        FeedKind.ImportStockLevels.RequiresLive().ShouldBeFalse();
        Enum.GetValues<FeedKind>().Length.ShouldBe(13); // the brief's twelve plus Product sync
    }

    [Fact]
    public void A_schedule_validates_its_mode_and_stays_off_by_default()
    {
        var schedule = new FeedSchedule(1, FeedKind.ImportNewOrders);
        schedule.Mode.ShouldBe(ScheduleMode.Off);
        schedule.IsDue(Now).ShouldBeFalse();
        Should.Throw<DomainException>(() => schedule.Change(ScheduleMode.EveryMinutes, 0, null, null, null, Now));
        Should.Throw<DomainException>(() => schedule.Change(ScheduleMode.Daily, null, null, null, null, Now));
        schedule.Change(ScheduleMode.EveryMinutes, 5, null, null, Now.AddMinutes(5), Now);
        schedule.IsDue(Now.AddMinutes(5)).ShouldBeTrue();
    }
}
