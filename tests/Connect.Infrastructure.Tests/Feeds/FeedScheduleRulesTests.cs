using Connect.Domain;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;

namespace Connect.Infrastructure.Tests.Feeds;

public sealed class FeedScheduleRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 10, 7, 30, DateTimeKind.Utc);
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Fact]
    public void Every_n_minutes_and_every_n_hours_count_from_now() =>
        (FeedScheduleRules.NextRun(new(ScheduleMode.EveryMinutes, 5), Now, TimeZoneInfo.Utc),
         FeedScheduleRules.NextRun(new(ScheduleMode.EveryHours, 4), Now, TimeZoneInfo.Utc))
        .ShouldBe((Now.AddMinutes(5), Now.AddHours(4)));

    [Fact]
    public void Hourly_runs_at_its_minute_past_the_next_hour() =>
        FeedScheduleRules.NextRun(new(ScheduleMode.Hourly, TimeOfDay: new TimeOnly(0, 5)), Now, TimeZoneInfo.Utc)
            .ShouldBe(new DateTime(2026, 11, 28, 11, 5, 0, DateTimeKind.Utc));

    [Fact]
    public void Daily_runs_at_the_local_time_of_the_server_and_is_stored_in_utc() =>
        // 02:30 in Paris in winter is 01:30 UTC.
        FeedScheduleRules.NextRun(new(ScheduleMode.Daily, TimeOfDay: new TimeOnly(2, 30)), Now, Paris)
            .ShouldBe(new DateTime(2026, 11, 29, 1, 30, 0, DateTimeKind.Utc));

    [Fact]
    public void Cron_expressions_follow_the_local_time_zone() =>
        FeedScheduleRules.NextRun(new(ScheduleMode.Cron, Cron: "*/15 * * * *"), Now, Paris)
            .ShouldBe(new DateTime(2026, 11, 28, 10, 15, 0, DateTimeKind.Utc));

    [Fact]
    public void Off_has_no_next_run() => FeedScheduleRules.NextRun(ScheduleSettings.Off, Now, TimeZoneInfo.Utc).ShouldBeNull();

    [Theory]
    [InlineData("*/61 * * * *")]
    [InlineData("every day")]
    [InlineData("* * *")]
    public void A_bad_cron_expression_is_explained_with_an_example(string cron)
    {
        var explanation = FeedScheduleRules.ExplainCron(cron).ShouldNotBeNull();
        explanation.ShouldContain(cron);
        explanation.ShouldContain("e.g.");
        Should.Throw<DomainException>(() => FeedScheduleRules.NextRun(new(ScheduleMode.Cron, Cron: cron), Now, TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_valid_cron_expression_needs_no_explanation() => FeedScheduleRules.ExplainCron("30 2 * * 1-5").ShouldBeNull();

    [Fact]
    public void Schedules_are_described_in_plain_words() =>
        new[]
        {
            FeedScheduleRules.Describe(ScheduleSettings.Off),
            FeedScheduleRules.Describe(new(ScheduleMode.EveryMinutes, 5)),
            FeedScheduleRules.Describe(new(ScheduleMode.Daily, TimeOfDay: new TimeOnly(2, 30))),
            FeedScheduleRules.Describe(new(ScheduleMode.Cron, Cron: "0 * * * *")),
        }.ShouldBe(["Off", "Every 5 minutes", "Daily at 02:30", "Cron '0 * * * *'"]);
}
