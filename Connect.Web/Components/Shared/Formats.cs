using System.Globalization;

namespace Connect.Web.Components.Shared;

/// <summary>How the portal writes dates, durations and money, the same way on every page.</summary>
public static class Formats
{
    public static string When(DateTime? utc) => utc is null ? "—" : utc.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan? span) => span switch
    {
        null => "—",
        { TotalSeconds: < 60 } s => $"{s.TotalSeconds:0.#} s",
        { TotalMinutes: < 60 } s => $"{(int)s.TotalMinutes} min {s.Seconds} s",
        var s => $"{(int)s.Value.TotalHours} h {s.Value.Minutes} min",
    };

    public static string Money(decimal amount, string? currency) => $"{amount.ToString("N2", CultureInfo.InvariantCulture)} {currency}".Trim();
}
