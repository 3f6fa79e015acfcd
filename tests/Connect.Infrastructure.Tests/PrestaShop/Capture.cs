using System.Xml.Linq;
using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Tests.PrestaShop;

/// <summary>Recorded PrestaShop 8.1.2 answers copied into Captures/8.1.2.</summary>
internal static class Capture
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "Captures", "8.1.2", relative);

    public static string Text(string relative) => File.ReadAllText(Path(relative));

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));

    public static XDocument Doc(string relative) => PsXml.Load(Text(relative));

    public static IReadOnlyList<T> Parse<T>(string relative, int? languageId = null) where T : IPrestaShopResource<T> =>
        PsXml.Records(Doc(relative), T.ElementName).Select(e => T.Parse(e, languageId)).ToList();

    /// <summary>The query of a call as PHP sees it (names and values percent-decoded).</summary>
    public static string? Query(Flurl.Http.FlurlCall call, string name) =>
        (call.Request.Url.Query ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => Uri.UnescapeDataString(p[0]) == name)
            .Select(p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))
            .FirstOrDefault();

    public static readonly Dictionary<string, string> Headers812 = new() { ["PSWS-Version"] = "8.1.2" };
}
