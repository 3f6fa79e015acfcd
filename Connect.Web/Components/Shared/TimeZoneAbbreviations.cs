namespace Connect.Web.Components.Shared;

/// <summary>
/// Common time-zone abbreviations by IANA zone (.NET only knows long names such as "Central European Standard Time").
/// Only well-established ones: anywhere else the portal writes the offset instead ("UTC+5:30").
/// </summary>
internal static class TimeZoneAbbreviations
{
    private static readonly string[] NorthAmericaEastern = ["America/New_York", "America/Toronto", "America/Detroit", "America/Montreal", "America/Nassau", "America/Indiana/Indianapolis", "America/Kentucky/Louisville", "US/Eastern", "EST5EDT"];
    private static readonly string[] NorthAmericaCentral = ["America/Chicago", "America/Winnipeg", "America/Mexico_City", "America/Indiana/Knox", "America/Menominee", "US/Central", "CST6CDT"];
    private static readonly string[] NorthAmericaMountain = ["America/Denver", "America/Edmonton", "America/Boise", "America/Phoenix", "US/Mountain", "US/Arizona", "MST7MDT"];
    private static readonly string[] NorthAmericaPacific = ["America/Los_Angeles", "America/Vancouver", "America/Tijuana", "US/Pacific", "PST8PDT"];

    private static readonly Dictionary<string, (string Standard, string Summer)> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Europe/London"] = ("GMT", "BST"),
        ["Europe/Dublin"] = ("GMT", "IST"),
        ["Europe/Moscow"] = ("MSK", "MSK"),
        ["America/Anchorage"] = ("AKST", "AKDT"),
        ["Pacific/Honolulu"] = ("HST", "HST"),
        ["America/Halifax"] = ("AST", "ADT"),
        ["America/St_Johns"] = ("NST", "NDT"),
        ["Australia/Sydney"] = ("AEST", "AEDT"),
        ["Australia/Melbourne"] = ("AEST", "AEDT"),
        ["Australia/Hobart"] = ("AEST", "AEDT"),
        ["Australia/Brisbane"] = ("AEST", "AEST"),
        ["Australia/Adelaide"] = ("ACST", "ACDT"),
        ["Australia/Darwin"] = ("ACST", "ACST"),
        ["Australia/Perth"] = ("AWST", "AWST"),
        ["Pacific/Auckland"] = ("NZST", "NZDT"),
        ["Asia/Tokyo"] = ("JST", "JST"),
        ["Asia/Seoul"] = ("KST", "KST"),
        ["Asia/Kolkata"] = ("IST", "IST"),
        ["Asia/Calcutta"] = ("IST", "IST"),
        ["Asia/Jerusalem"] = ("IST", "IDT"),
        ["Asia/Hong_Kong"] = ("HKT", "HKT"),
        ["Africa/Johannesburg"] = ("SAST", "SAST"),
    };

    public static string? Find(string ianaId, TimeSpan baseOffset, bool summer)
    {
        if (Named.TryGetValue(ianaId, out var pair)) return summer ? pair.Summer : pair.Standard;
        if (NorthAmericaEastern.Contains(ianaId, StringComparer.OrdinalIgnoreCase)) return summer ? "EDT" : "EST";
        if (NorthAmericaCentral.Contains(ianaId, StringComparer.OrdinalIgnoreCase)) return summer ? "CDT" : "CST";
        if (NorthAmericaMountain.Contains(ianaId, StringComparer.OrdinalIgnoreCase)) return summer ? "MDT" : "MST";
        if (NorthAmericaPacific.Contains(ianaId, StringComparer.OrdinalIgnoreCase)) return summer ? "PDT" : "PST";
        // Continental Europe shares three abbreviations by offset (Paris, Berlin, Madrid... are all CET/CEST).
        if (ianaId.StartsWith("Europe/", StringComparison.OrdinalIgnoreCase) || ianaId is "Africa/Ceuta" or "Atlantic/Canary" or "Atlantic/Madeira" or "Atlantic/Faroe")
            return baseOffset.TotalMinutes switch
            {
                0 => summer ? "WEST" : "WET",
                60 => summer ? "CEST" : "CET",
                120 => summer ? "EEST" : "EET",
                _ => null,
            };
        return null;
    }
}
