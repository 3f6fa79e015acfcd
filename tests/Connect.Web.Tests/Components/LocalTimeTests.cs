using System.Globalization;
using Bunit;
using Connect.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Components;

/// <summary>Times in the user's zone with the zone written, through the one shared component.</summary>
public sealed class LocalTimeTests : BunitContext
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static readonly DateTime Winter = new(2026, 12, 1, 20, 19, 0, DateTimeKind.Utc);
    private static readonly DateTime Summer = new(2026, 7, 1, 19, 19, 0, DateTimeKind.Utc);

    public LocalTimeTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddScoped<UserTimeZone>();
        Services.AddSingleton<TimeProvider>(new FixedClock(Winter.AddHours(1)));
    }

    [Fact]
    public void A_time_today_shows_the_hour_and_the_zone_of_the_season()
    {
        Formats.Time(Winter, Paris, Winter, English).ShouldBe("21:19 CET");
        Formats.Time(Summer, Paris, Summer, English).ShouldBe("21:19 CEST");
        Formats.Time(Winter, NewYork, Winter, English).ShouldBe("15:19 EST");
        Formats.Time(Summer, NewYork, Summer, English).ShouldBe("15:19 EDT");
    }

    [Fact]
    public void Another_day_adds_the_date_and_another_year_the_year()
    {
        Formats.Time(Summer, Paris, Winter, English).ShouldBe("1 Jul 21:19 CEST");
        Formats.Time(Summer.AddYears(-1), Paris, Winter, English).ShouldBe("1 Jul 2025 21:19 CEST");
    }

    [Fact]
    public void The_culture_decides_the_clock_and_the_order_of_day_and_month()
    {
        // ICU puts a narrow no-break space before AM/PM.
        Formats.Time(Summer, NewYork, Winter, CultureInfo.GetCultureInfo("en-US")).Replace('\u202f', ' ').ShouldBe("Jul 1 3:19 PM EDT");
    }

    [Fact]
    public void A_zone_without_a_common_abbreviation_writes_its_offset()
    {
        Formats.ZoneName(TimeZoneInfo.FindSystemTimeZoneById("Asia/Kathmandu"), Winter).ShouldBe("UTC+5:45");
        Formats.ZoneName(TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo"), Winter).ShouldBe("UTC−3");
        Formats.ZoneName(TimeZoneInfo.Utc, Winter).ShouldBe("UTC");
    }

    [Fact]
    public void The_full_time_for_the_hover_names_the_zone_and_its_offset()
    {
        Formats.FullTime(Summer, Paris, English).ShouldBe("Wednesday, 1 July 2026 21:19:00 CEST (Europe/Paris, UTC+02:00)");
    }

    [Fact]
    public void Until_the_browser_names_its_zone_the_component_shows_UTC_with_the_full_date_on_hover()
    {
        var cut = Render<LocalTime>(p => p.Add(c => c.Value, Winter));

        var span = cut.Find(".local-time");
        span.TextContent.ShouldEndWith(" UTC");
        span.GetAttribute("title")!.ShouldContain("(UTC, UTC+00:00)");
    }

    [Fact]
    public void Once_the_browser_names_its_zone_the_component_shows_it()
    {
        JSInterop.SetupModule("./Components/Shared/LocalTime.razor.js").Setup<string?>("browserTimeZone").SetResult("Europe/Paris");

        var cut = Render<LocalTime>(p => p.Add(c => c.Value, Winter));

        cut.WaitForAssertion(() => cut.Find(".local-time").TextContent.ShouldEndWith("CET"));
        cut.Find(".local-time").TextContent.ShouldContain("21:19");
        Services.GetRequiredService<UserTimeZone>().IsKnown.ShouldBeTrue();
    }

    [Fact]
    public void An_unknown_zone_name_keeps_UTC()
    {
        var zone = new UserTimeZone();

        zone.Use("Mars/Olympus_Mons").ShouldBeFalse();

        zone.Zone.ShouldBe(TimeZoneInfo.Utc);
        zone.IsKnown.ShouldBeFalse();
    }

    [Fact]
    public void No_moment_shows_a_dash()
    {
        Render<LocalTime>(p => p.Add(c => c.Value, null)).Find(".local-time").TextContent.ShouldBe("—");
    }

    private sealed class FixedClock(DateTime utcNow) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utcNow);
    }
}
