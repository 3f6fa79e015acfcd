using System.Globalization;

namespace Connect.Web.Components.Shared;

/// <summary>
/// How the portal writes dates, durations, numbers and money, the same way on every page: numbers in the user's culture
/// (taken from the browser's Accept-Language, see <c>HostingCulture</c>), times in the user's time zone with the zone
/// written (see <see cref="UserTimeZone"/> and the <c>LocalTime</c> component).
/// </summary>
public static class Formats
{
    /// <summary>
    /// A time the shop wrote in its own clock (an order's date_add), which Connect stores as read: shown as such, not moved
    /// into the user's zone, and said to be the shop's.
    /// </summary>
    public static string ShopTime(DateTime shopClock) => $"{shopClock.ToString("g", CultureInfo.CurrentCulture)} shop time";

    public static string Duration(TimeSpan? span) => span switch
    {
        null => "—",
        { TotalSeconds: < 60 } s => $"{s.TotalSeconds.ToString("0.#", CultureInfo.CurrentCulture)} s",
        { TotalMinutes: < 60 } s => $"{(int)s.TotalMinutes} min {s.Seconds} s",
        var s => $"{(int)s.Value.TotalHours} h {s.Value.Minutes} min",
    };

    /// <summary>A count with the culture's group separator ("9,829" in English, "9 829" in French).</summary>
    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A decimal with the culture's separators, e.g. a price without its currency.</summary>
    public static string Number(decimal value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture);

    public static string Money(decimal amount, string? currency) => $"{amount.ToString("N2", CultureInfo.CurrentCulture)} {currency}".Trim();

    /// <summary>
    /// A moment as a user reads it in <paramref name="zone"/>: "21:19 CET" today, "28 Nov 21:19 CET" this year, with the
    /// year further back. The culture decides the order and the 12/24-hour clock.
    /// </summary>
    public static string Time(DateTime utc, TimeZoneInfo zone, DateTime utcNow, CultureInfo culture)
    {
        var local = ToZone(utc, zone);
        var today = ToZone(utcNow, zone);
        var format = culture.DateTimeFormat;
        var time = local.ToString(format.ShortTimePattern, culture);
        var day = local.Date == today.Date ? ""
            : local.Year == today.Year ? local.ToString(ShortMonth(format.MonthDayPattern), culture) + " "
            : local.ToString(ShortMonth(format.MonthDayPattern) + " yyyy", culture) + " ";
        return $"{day}{time} {ZoneName(zone, utc)}";
    }

    /// <summary>The full moment for the hover text: "Saturday, 28 November 2026 21:19:05 CET (UTC+01:00)".</summary>
    public static string FullTime(DateTime utc, TimeZoneInfo zone, CultureInfo culture)
    {
        var local = ToZone(utc, zone);
        var offset = zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return $"{local.ToString(culture.DateTimeFormat.LongDatePattern, culture)} {local.ToString(culture.DateTimeFormat.LongTimePattern, culture)} " +
               $"{ZoneName(zone, utc)} ({zone.Id}, UTC{(offset < TimeSpan.Zero ? "−" : "+")}{offset:hh\\:mm})";
    }

    /// <summary>
    /// The short name people use for the zone at that moment (CET in winter, CEST in summer); "UTC+5:30" style where no
    /// common abbreviation exists, so the zone is always written and never ambiguous.
    /// </summary>
    public static string ZoneName(TimeZoneInfo zone, DateTime utc)
    {
        utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        if (zone.Id is "UTC" or "Etc/UTC" or "Etc/GMT" or "Etc/Universal" or "Etc/Zulu" || zone == TimeZoneInfo.Utc) return "UTC";
        var summer = zone.IsDaylightSavingTime(utc);
        if (TimeZoneAbbreviations.Find(zone.Id, zone.BaseUtcOffset, summer) is { } name) return name;
        var offset = zone.GetUtcOffset(utc);
        var sign = offset < TimeSpan.Zero ? "−" : "+";
        offset = offset.Duration();
        return offset.Minutes == 0 ? $"UTC{sign}{offset.Hours}" : $"UTC{sign}{offset.Hours}:{offset.Minutes:00}";
    }

    private static DateTime ToZone(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    // "MMMM d" → "MMM d": the culture's order of day and month with the short month name.
    private static string ShortMonth(string monthDayPattern) => monthDayPattern.Replace("MMMM", "MMM", StringComparison.Ordinal);
}
