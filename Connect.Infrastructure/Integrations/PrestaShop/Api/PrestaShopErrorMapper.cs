using System.Xml.Linq;

namespace Connect.Infrastructure.Integrations.PrestaShop.Api;

/// <summary>Turns a failed Webservice answer into a <see cref="PrestaShopException"/> with a fix in plain words.</summary>
public static class PrestaShopErrorMapper
{
    private const string KeyPlace = "Advanced Parameters > Webservice";

    /// <summary>Reads the &lt;errors&gt; list of a body; empty when the body is empty, HTML or not an error document.</summary>
    public static IReadOnlyList<PrestaShopError> ReadErrors(string? body)
    {
        if (!PsXml.TryLoad(body, out var doc))
            return [];
        var errors = doc.Root?.Element("errors");
        if (errors is null)
            return [];
        return errors.Elements("error")
            .Select(e => new PrestaShopError(
                int.TryParse(PsXml.Text(e.Element("code")), out var code) ? code : 0, // 1.5 errors may lack <code>
                PsXml.Text(e.Element("message")) ?? ""))
            .ToList();
    }

    /// <summary>Codes 1-15 are PHP notices/warnings/errors: on PHP 8 they ride along with the real error, so they rank last.</summary>
    public static int? PrimaryCode(IReadOnlyList<PrestaShopError> errors)
    {
        if (errors.Count == 0)
            return null;
        var meaningful = errors.FirstOrDefault(e => !IsPhpCode(e.Code));
        return (meaningful ?? errors[0]).Code;
    }

    public static bool HasNoMeaningfulCode(IReadOnlyList<PrestaShopError> errors) => errors.All(e => IsPhpCode(e.Code));

    private static bool IsPhpCode(int code) => code is >= 0 and <= 15;

    public static PrestaShopException FromResponse(
        int status, string? contentType, string? body, string method, string url, string? resource = null)
    {
        var errors = ReadErrors(body);
        var code = PrimaryCode(errors);
        var first = errors.FirstOrDefault(e => e.Code == code)?.Message;
        var target = resource is null ? "this resource" : $"'{resource}'";

        PrestaShopException Make(PrestaShopErrorKind kind, string explanation, string? message = null) =>
            new(kind, message ?? Summary(status, code, first), explanation, status, errors, method, url);

        if (code is { } c && !IsPhpCode(c))
        {
            switch (c)
            {
                case 16 or 17 or 18 or 20 or 21:
                    return Make(PrestaShopErrorKind.BadKey, BadKeyFix);
                case 25 or 26:
                    return Make(PrestaShopErrorKind.MissingPermission,
                        $"The API key may not do {method} on {target}. Tick {method} for {target} in {KeyPlace} > your key, then save.");
                case 132:
                    return Make(PrestaShopErrorKind.MissingPermission,
                        $"The API key is not allowed on this shop. In {KeyPlace} > your key, tick the shop under 'Shop association'.");
                case 22:
                    return Make(PrestaShopErrorKind.WebserviceDisabled,
                        $"The shop's Webservice is switched off. In {KeyPlace}, set 'Enable PrestaShop's webservice' to Yes and save.");
                case 23 or 101:
                    return Make(PrestaShopErrorKind.MethodNotAllowed,
                        $"This PrestaShop version does not accept {method} here; Connect should not send it. Report this to support.");
                case 27:
                    return Make(PrestaShopErrorKind.UnknownResource,
                        $"The shop has no Webservice resource {target} (its PrestaShop version or a module may be missing).");
                case >= 32 and <= 39:
                    return Make(PrestaShopErrorKind.InvalidQuery,
                        "The shop rejected the query (unknown field, filter or sort for this PrestaShop version). Report this to support.");
                case 61:
                    return Make(PrestaShopErrorKind.ImageMissing,
                        "The image file is missing on the shop's disk; regenerate thumbnails or re-upload the image in the shop.");
                case 87 or 92 or 131:
                    return Make(PrestaShopErrorKind.NotFound, $"The requested {target} record does not exist (or not in this shop).");
                case 93 or 123:
                    return Make(PrestaShopErrorKind.NotWritable,
                        "The shop refused a read-only field in the update. Report this to support (the client's read-only list needs this field).");
                case 127:
                    return Make(PrestaShopErrorKind.MalformedXml, "The shop could not read the XML that was sent. Report this to support.");
                case 133:
                    return Make(PrestaShopErrorKind.AsmEnabled, AsmFix);
                case 41 or 84 or 85 or 86 or 89 or 90 or 91:
                    return Make(PrestaShopErrorKind.Validation, $"The shop refused the value: {first}. Correct the data and retry.");
            }
        }

        if (status == 401)
            return Make(PrestaShopErrorKind.BadKey, BadKeyFix, "The shop did not accept the API key (HTTP 401)");
        if (status == 404)
            return Make(PrestaShopErrorKind.NotFound, $"The requested {target} record does not exist.", "Not found (HTTP 404)");
        if (status == 405)
            return Make(PrestaShopErrorKind.MethodNotAllowed,
                $"The shop does not allow {method} here. Tick {method} for {target} in {KeyPlace} > your key, or check the web server rules.");
        if (status == 403)
            return Make(PrestaShopErrorKind.MissingPermission,
                $"The shop or a firewall refused the call (HTTP 403). Check the key's permissions in {KeyPlace} and any security module or WAF rule blocking {method}.");
        // An HTML error page with a 5xx comes from maintenance mode, a PHP crash or a proxy in front of the shop: it passes.
        if (errors.Count == 0 && status >= 500 && LooksLikeHtml(contentType, body))
            return Make(PrestaShopErrorKind.ServerError, UnavailableFix, $"The shop answered with an error page (HTTP {status})");
        if (errors.Count == 0 && LooksLikeHtml(contentType, body))
            return Make(PrestaShopErrorKind.HtmlInsteadOfXml, HtmlFix, $"The shop answered with an HTML page instead of XML (HTTP {status})");
        if (status == 503)
            return Make(PrestaShopErrorKind.ServerError,
                "The shop is temporarily unavailable (HTTP 503: maintenance or overload). Connect will retry later.");
        if (status >= 500 || errors.Count > 0)
            return Make(PrestaShopErrorKind.ServerError,
                $"The shop failed with an internal error (HTTP {status}). Connect will retry later; if it persists, check the shop's PHP error log.");
        if (status is >= 200 and < 300)
            return Make(PrestaShopErrorKind.InvalidResponse,
                "The shop answered with something that is not PrestaShop Webservice XML. Check the shop URL.", $"Unreadable answer (HTTP {status})");
        return Make(PrestaShopErrorKind.ServerError, $"Unexpected HTTP {status} from the shop.");
    }

    internal const string BadKeyFix =
        "In the shop's Advanced Parameters > Webservice, check that the key exists, is copied exactly (32 characters) and its Status is enabled.";

    internal const string AsmFix =
        "This stock row is managed by Advanced Stock Management (depends_on_stock=1) and cannot be set directly. Turn off 'Depends on stock' for the product, or disable Advanced Stock Management in the shop.";

    internal const string UnavailableFix =
        "The shop or a proxy in front of it is unavailable (maintenance mode, overload or a gateway error). Connect retries later; if it lasts, check that the shop is online and not in maintenance mode.";

    internal const string HtmlFix =
        "The shop answered with a web page instead of Webservice XML: check the shop URL, that the shop is not in maintenance mode, and that friendly URLs/URL rewriting are enabled (the /api/ endpoint needs mod_rewrite).";

    public static bool LooksLikeHtml(string? contentType, string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return false; // an empty 500 labelled text/html is a PHP crash, not a web page
        if (contentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true)
            return true;
        var start = body?.TrimStart();
        return start is not null && (start.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase));
    }

    private static string Summary(int status, int? code, string? message)
    {
        if (code is null)
            return $"PrestaShop Webservice error (HTTP {status})";
        var text = message is null ? "" : message.Length > 300 ? message[..300] + "..." : message;
        return $"PrestaShop Webservice error {code} (HTTP {status}): {text}";
    }

}
