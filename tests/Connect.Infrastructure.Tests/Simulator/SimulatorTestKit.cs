using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Connect.PrestaShop.Simulator;

namespace Connect.Infrastructure.Tests.Simulator;

/// <summary>Helpers shared by the simulator tests: a started shop, raw requests, canonical XML.</summary>
public static class SimulatorTestKit
{
    public static string SeedDirectory => Path.Combine(AppContext.BaseDirectory, "Seed", "8.1.2");

    public static HttpRequestMessage Request(HttpMethod method, string pathAndQuery, string? key, string? body = null)
    {
        var req = new HttpRequestMessage(method, pathAndQuery);
        if (key is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
        if (body is not null) req.Content = new StringContent(body, Encoding.UTF8, "text/xml");
        return req;
    }

    public static async Task<(int Status, string Body, HttpResponseMessage Response)> SendAsync(this SimulatedShop shop, HttpMethod method, string pathAndQuery, string? body = null, string? key = "")
    {
        using var client = new HttpClient { BaseAddress = shop.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };
        var response = await client.SendAsync(Request(method, pathAndQuery, key == "" ? shop.ApiKey : key, body), TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response);
    }

    public static Task<(int Status, string Body, HttpResponseMessage Response)> GetAsync(this SimulatedShop shop, string pathAndQuery) =>
        shop.SendAsync(HttpMethod.Get, pathAndQuery);

    public static XElement Entity(string body) => XDocument.Parse(body).Root!.Elements().First();
    public static IEnumerable<int> Ids(string listBody) =>
        XDocument.Parse(listBody).Root!.Elements().First().Elements().Select(e => (int?)e.Attribute("id") ?? (int)e.Element("id")!);
    public static IEnumerable<int> ErrorCodes(string body) =>
        XDocument.Parse(body).Root!.Element("errors")!.Elements("error").Select(e => (int)e.Element("code")!);

    private static readonly HashSet<string> DateFields = ["date_add", "date_upd"];

    /// <summary>
    /// A comparable text form of an XML answer: element names, attributes (xlink host replaced, sorted), trimmed
    /// text; values of date_add/date_upd dropped. Formatting and CDATA-vs-text differences vanish.
    /// </summary>
    public static string Canonical(string xml)
    {
        var sb = new StringBuilder();
        Write(XDocument.Parse(xml).Root!, 0);
        return sb.ToString();

        void Write(XElement e, int depth)
        {
            sb.Append(' ', depth).Append(e.Name.LocalName);
            foreach (var a in e.Attributes().Where(a => !a.IsNamespaceDeclaration).OrderBy(a => a.Name.ToString(), StringComparer.Ordinal))
                sb.Append(' ').Append(a.Name.LocalName).Append("=\"").Append(NormalizeHost(a.Value)).Append('"');
            if (!e.HasElements)
            {
                var text = DateFields.Contains(e.Name.LocalName) ? "(date)" : e.Value.Trim();
                sb.Append(" = ").Append(text);
            }
            sb.Append('\n');
            foreach (var c in e.Elements()) Write(c, depth + 1);
        }
    }

    private static string NormalizeHost(string value) =>
        System.Text.RegularExpressions.Regex.Replace(value, @"^https?://[^/]+/", "http://HOST/");
}
