using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Connect.PrestaShop.Simulator.Data;
using Microsoft.AspNetCore.Http;

namespace Connect.PrestaShop.Simulator.Http;

/// <summary>An answer before it is written: status, content type, body and whether the webservice headers are sent.</summary>
internal sealed record WsResult(int Status, string ContentType, byte[] Body, bool WsHeaders = true, string? PswsVersion = null)
{
    /// <summary>Time the shop would have spent producing the rows (see <see cref="ServerCost"/>), waited outside the lock.</summary>
    public TimeSpan ServerTime { get; init; }

    public const string Xml = "text/xml;charset=utf-8";
    public const string Json = "application/json";
    public const string Html = "text/html; charset=utf-8";

    public static WsResult Text(int status, string contentType, string body) => new(status, contentType, Encoding.UTF8.GetBytes(body));
    public static WsResult Empty(int status, string contentType = "") => new(status, contentType, []);
}

/// <summary>The /api/ dispatcher: faults, authentication, routing to reads and writes, PrestaShop's response headers.</summary>
internal sealed class Webservice(SimulatedShop shop)
{
    private const string Realm = "Basic realm=\"Welcome to PrestaShop Webservice, please enter the authentication key as the login. No password required.\"";
    private static readonly string[] WriteMethods = ["PUT", "POST", "PATCH", "DELETE"];

    public async Task HandleAsync(HttpContext ctx)
    {
        var started = Stopwatch.GetTimestamp();
        var req = ctx.Request;
        var method = req.Method.ToUpperInvariant();
        var path = req.Path.Value ?? "/";
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length > 1 ? segments[1] : null;
        if (method == "GET" && resource is not null) shop.Reads.AddOrUpdate(resource, 1, (_, n) => n + 1);
        var body = "";
        if (WriteMethods.Contains(method))
        {
            using var reader = new StreamReader(req.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(ctx.RequestAborted);
        }

        WsResult result;
        var faults = shop.Faults;
        var faulted = faults.Applies(resource, method);
        if (faulted && faults.Latency > TimeSpan.Zero) await Task.Delay(faults.Latency, ctx.RequestAborted);
        if (faulted && faults.Hang)
        {
            try { await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, shop.Stopping).Token); }
            catch (OperationCanceledException) { }
            return;
        }

        if (segments.Length == 0 || segments[0] != "api")
            result = WsResult.Text(404, WsResult.Html, "<!doctype html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>");
        else if (faulted && faults.HtmlPageStatus is { } htmlStatus)
            result = WsResult.Text(htmlStatus, WsResult.Html,
                "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>We'll be back soon</title></head>\n<body><h1>We are currently updating our shop and will be back really soon.</h1><p>Thanks for your patience.</p></body></html>\n");
        else if (faulted && faults.DrawFailure() is { } failStatus)
            result = WsResult.Text(failStatus, WsResult.Html, $"<!doctype html><html><head><title>{failStatus} {ReasonPhrase(failStatus)}</title></head><body><h1>{ReasonPhrase(failStatus)}</h1></body></html>");
        else
        {
            try { result = Dispatch(ctx, method, segments, resource, body, faulted); }
            catch (WsError e) { result = ErrorResult(e, WantsJson(req)); }
        }
        if (result.ServerTime > TimeSpan.Zero) await Task.Delay(result.ServerTime, ctx.RequestAborted);

        if (faulted && result.Status is >= 200 and < 300 && result.ContentType == WsResult.Xml)
            result = result with { Body = faults.Dirty(result.Body) };
        await WriteAsync(ctx, result, method, started);
        if (WriteMethods.Contains(method))
            shop.Writes.Add(new WriteRecord(method, path, req.QueryString.Value ?? "", body, result.Status, Encoding.UTF8.GetString(result.Body), DateTime.UtcNow));
    }

    private static string ReasonPhrase(int status) => status switch { 502 => "Bad Gateway", 503 => "Service Unavailable", 504 => "Gateway Timeout", _ => "Internal Server Error" };

    private bool WantsJson(HttpRequest req) => shop.Profile.Json && (
        string.Equals(req.Query["output_format"], "JSON", StringComparison.OrdinalIgnoreCase)
        || string.Equals(req.Query["io_format"], "JSON", StringComparison.OrdinalIgnoreCase)
        || string.Equals(req.Headers["Output-Format"], "JSON", StringComparison.OrdinalIgnoreCase)
        || string.Equals(req.Headers["Io-Format"], "JSON", StringComparison.OrdinalIgnoreCase));

    internal static WsResult ErrorResult(WsError e, bool json) =>
        e.Errors.Count == 0 ? WsResult.Empty(e.Status, e.Status == 404 ? "" : WsResult.Html)
        : json ? WsResult.Text(e.Status, WsResult.Json, JsonOutput.Errors(e.Errors))
        : WsResult.Text(e.Status, WsResult.Xml, XmlOutput.Errors(e.Errors));

    private string? FindKey(HttpRequest req, bool stripAuthorization)
    {
        var auth = req.Headers.Authorization.ToString();
        if (!stripAuthorization && auth.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth[6..].Trim()));
                var user = decoded.Split(':', 2)[0];
                if (user.Length > 0) return user;
            }
            catch (FormatException) { }
        }
        var wsKey = req.Query["ws_key"].ToString();
        return wsKey.Length > 0 ? wsKey : null;
    }

    private WsResult Dispatch(HttpContext ctx, string method, string[] segments, string? resource, string body, bool faulted)
    {
        var req = ctx.Request;
        var json = WantsJson(req);
        var key = FindKey(req, faulted && shop.Faults.StripAuthorizationHeader);
        // dispatcher.php: no key anywhere -> plain 401 page, before the webservice itself runs
        if (key is null)
        {
            ctx.Response.Headers.WWWAuthenticate = Realm;
            return WsResult.Text(401, WsResult.Html, "401 Unauthorized") with { WsHeaders = false };
        }
        if (faulted && shop.Faults.WebserviceDisabled)
            throw new WsError(503, (22, "The PrestaShop webservice is disabled. Please activate it in the PrestaShop Back Office"));
        if (key != shop.ApiKey || (faulted && shop.Faults.BadKey))
        {
            ctx.Response.Headers.WWWAuthenticate = Realm;
            var errors = key.Length != 32
                ? new[] { (18, "Invalid authentication key format") }
                : [(20, "Authentification key is not active"), (21, "No permission for this authentication key")];
            var text = json ? JsonOutput.Errors(errors) : XmlOutput.Errors(errors);
            return WsResult.Text(401, json ? WsResult.Json : WsResult.Xml, text) with { PswsVersion = "0" };
        }
        if (method == "PATCH" && !shop.Profile.Patch) throw new WsError(405, (23, "Method PATCH is not valid"));
        if (method is not ("GET" or "HEAD" or "PUT" or "POST" or "PATCH" or "DELETE"))
            throw new WsError(405, (23, $"Method {method} is not valid"));

        var baseUrl = shop.BaseUrlFor(req);
        // Reads share the state, writes have it alone: parallel reads gain what they gain on a real shop.
        using (method is "GET" or "HEAD" ? shop.State.Reading() : shop.State.Writing())
        {
            if (resource is null)
            {
                // WebserviceOutputJSON cannot print the root listing: PHP TypeError, empty 500 (recorded).
                if (json) return WsResult.Empty(500, WsResult.Html);
                return Xml(RootListing(baseUrl));
            }
            var known = shop.State.TryTable(resource, out var table);
            if (!known && resource != "images")
            {
                var all = shop.State.Documents["root.xml"].Root!.Element("api")!.Elements().Select(e => e.Name.LocalName).ToList();
                if (!all.Contains(resource))
                    throw new WsError(400, (27, $"Resource of type \"{resource}\" does not exists. Did you mean: \"{ListQuery.Closest(resource, all)}\"? The full list is: {string.Join(", ", all.Select(r => $"\"{r}\""))}"));
            }
            if (!shop.Permissions.HasResource(resource))
                throw new WsError(401, (26, $"Resource of type \"{resource}\" is not allowed with this authentication key"));
            var checkedMethod = method == "HEAD" ? "HEAD" : method;
            if (!shop.Permissions.Allows(resource, checkedMethod))
                throw new WsError(405, (25, $"Method {method} is not allowed for the resource {resource} with this authentication key"));

            if (resource == "images") return Images(segments, baseUrl);
            if (!known) return method is "GET" or "HEAD" && segments.Length == 2 ? Xml($"<{resource}>\n</{resource}>\n", baseUrl) : throw new WsError(404);

            int? id = segments.Length > 2 ? (int.TryParse(segments[2], CultureInfo.InvariantCulture, out var parsed) ? parsed : -1) : null;
            if (method is "GET" or "HEAD") return Read(req, table, id, json, baseUrl);
            var writes = new WriteRules(shop, table, baseUrl, req.Query, faulted && shop.Faults.PhpWarningsAfterWrite);
            return method switch
            {
                "PUT" => writes.Put(id, body, partial: false),
                "PATCH" => writes.Put(id, body, partial: true),
                "POST" => writes.Post(body),
                _ => writes.Delete(id),
            };
        }
    }

    private WsResult Read(HttpRequest req, ResourceTable table, int? id, bool json, string baseUrl)
    {
        var schema = table.Schema;
        var schemaKind = req.Query["schema"].ToString();
        if (schemaKind is "blank" or "synopsis") return Schema(schema, schemaKind, json, baseUrl);
        var php = shop.Profile.PhpWarnings;
        if (id is not null)
        {
            var row = table.Find(id.Value) ?? throw new WsError(404);
            var single = ListQuery.Parse(req.Query, schema, php, forList: false);
            if (json) return WsResult.Text(200, WsResult.Json, new JsonOutput(shop.JsonTypes, shop.State.LanguageIds).Single(row, single.Languages));
            var x = new XmlOutput(baseUrl, shop.State.LanguageIds);
            x.Object(row, single.Fields, single.Languages);
            return Xml(x.Finish()) with { ServerTime = Cost(schema, 1, single.Full ? null : single.Fields) };
        }
        var q = ListQuery.Parse(req.Query, schema, php, forList: true);
        var rows = q.Apply(table);
        // A listing of ids only (no display) is one cheap query: it costs as a single field.
        var cost = Cost(schema, rows.Count, q.Full ? null : q.Fields ?? new HashSet<string> { "id" });
        if (json)
            return WsResult.Text(200, WsResult.Json, new JsonOutput(shop.JsonTypes, shop.State.LanguageIds).List(schema, rows, q.Stubs, q.Full ? null : q.Fields, q.Languages)) with { ServerTime = cost };
        var xml = new XmlOutput(baseUrl, shop.State.LanguageIds);
        xml.Raw($"<{schema.Name}>\n");
        foreach (var r in rows)
        {
            if (q.Stubs) xml.Stub(schema, r);
            else xml.Object(r, q.Full ? null : q.Fields, q.Languages);
        }
        xml.Raw($"</{schema.Name}>\n");
        return Xml(xml.Finish()) with { ServerTime = cost };
    }

    /// <summary>Server time for rows showing these fields (null = display=full: every field and association).</summary>
    private TimeSpan Cost(ResourceSchema schema, int rows, IReadOnlySet<string>? fields)
    {
        var all = schema.Fields.Count + schema.Associations.Count;
        return shop.Costs.For(schema.Name, rows, fields is null || all == 0 ? 1 : (double)fields.Count / all);
    }

    private WsResult Schema(ResourceSchema schema, string kind, bool json, string baseUrl)
    {
        if (json)
        {
            var blank = Path.Combine(shop.SeedDirectory, "json", $"{schema.Name}.schema-blank.json");
            return File.Exists(blank) ? WsResult.Text(200, WsResult.Json, File.ReadAllText(blank))
                : WsResult.Text(200, WsResult.Json, JsonOutput.Write(w =>
                {
                    w.WriteStartObject(); w.WriteStartObject(schema.ElementName);
                    foreach (var f in schema.Fields) w.WriteNull(f.Name);
                    w.WriteEndObject(); w.WriteEndObject();
                }));
        }
        if (shop.State.Documents.TryGetValue($"{schema.Name}/schema-{kind}", out var doc))
        {
            var copy = new XDocument(doc);
            foreach (var e in copy.Root!.Elements().First().Elements().ToList())
                if (shop.Profile.Removes(schema.Name, e.Name.LocalName)) e.Remove();
            return Xml(Serialize(copy), baseUrl);
        }
        var sb = new StringBuilder($"<{schema.ElementName}>\n");
        foreach (var f in schema.Fields) sb.Append('\t').Append('<').Append(f.Name).Append("><![CDATA[]]></").Append(f.Name).Append(">\n");
        return Xml(sb.Append($"</{schema.ElementName}>\n").Insert(0, XmlOutput.Header).Append("</prestashop>\n").ToString());
    }

    private WsResult Images(string[] segments, string baseUrl)
    {
        if (segments.Length == 2) return Xml(Serialize(shop.State.Documents["images/root.xml"]), baseUrl);
        if (segments[2] != "products") throw new WsError(404);
        if (segments.Length == 3) return Xml(Serialize(shop.State.Documents["images/products.xml"]), baseUrl);
        if (!int.TryParse(segments[3], CultureInfo.InvariantCulture, out var productId) || shop.State.Table("products").Find(productId) is null)
            throw new WsError(404);
        var images = shop.State.ImageIds(productId);
        if (segments.Length == 4)
        {
            var sb = new StringBuilder(XmlOutput.Header).Append("<image id=\"").Append(productId).Append("\">\n");
            foreach (var i in images)
                sb.Append("<declination id=\"").Append(i).Append("\" xlink:href=\"").Append(baseUrl).Append("api/images/products/").Append(productId).Append('/').Append(i).Append("\"/>\n");
            return Xml(sb.Append("</image>\n</prestashop>\n").ToString());
        }
        if (!int.TryParse(segments[4], CultureInfo.InvariantCulture, out var imageId) || !images.Contains(imageId))
            throw new WsError(500, (61, "This image does not exist on disk"));
        // Image 1 is the recorded original; every other image (and every thumbnail) is the recorded small JPEG.
        var bytes = segments.Length == 5 && imageId == 1 ? shop.State.RecordedImage : shop.State.RecordedThumbnail;
        return new WsResult(200, "image/jpeg", bytes);
    }

    private string RootListing(string baseUrl)
    {
        var doc = new XDocument(shop.State.Documents["root.xml"]);
        var api = doc.Root!.Element("api")!;
        api.SetAttributeValue("shopName", shop.State.ShopName);
        foreach (var res in api.Elements())
        {
            foreach (var e in new[] { res, res.Element("description") })
            {
                if (e is null) continue;
                foreach (var m in new[] { "get", "put", "post", "patch", "delete", "head" })
                {
                    if (m == "patch" && !shop.Profile.Patch) { e.Attribute(m)?.Remove(); continue; }
                    e.SetAttributeValue(m, shop.Permissions.Allows(res.Name.LocalName, m) ? "true" : "false");
                }
            }
        }
        return Serialize(doc).Replace(SeedLoader.RecordedBase, baseUrl, StringComparison.Ordinal);
    }

    private static string Serialize(XDocument doc) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doc.Root!.ToString(SaveOptions.DisableFormatting) + "\n";

    private static WsResult Xml(string text) => WsResult.Text(200, WsResult.Xml, text);
    private static WsResult Xml(string text, string baseUrl) => Xml(text.Replace(SeedLoader.RecordedBase, baseUrl, StringComparison.Ordinal));

    private async Task WriteAsync(HttpContext ctx, WsResult result, string method, long started)
    {
        var res = ctx.Response;
        res.StatusCode = result.Status;
        if (result.WsHeaders)
        {
            res.Headers["Access-Time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            res.Headers["X-Powered-By"] = "PrestaShop Webservice";
            res.Headers["PSWS-Version"] = result.PswsVersion ?? shop.Profile.PswsVersion;
            res.Headers["Execution-Time"] = result.PswsVersion == "0" ? "0"
                : Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
            if (result.Body.Length > 0) res.Headers["Content-Sha1"] = Convert.ToHexStringLower(SHA1.HashData(result.Body));
        }
        if (result.ContentType.Length > 0) res.ContentType = result.ContentType;
        if (method == "HEAD" || result.Body.Length == 0) { res.ContentLength = 0; return; }
        res.ContentLength = result.Body.Length;
        await res.Body.WriteAsync(result.Body, ctx.RequestAborted);
    }
}
