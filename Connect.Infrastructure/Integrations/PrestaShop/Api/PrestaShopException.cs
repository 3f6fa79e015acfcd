using System.Text.RegularExpressions;

namespace Connect.Infrastructure.Integrations.PrestaShop.Api;

/// <summary>What went wrong, in classes a feed can act on (retry later, skip, fail the item, stop the run).</summary>
public enum PrestaShopErrorKind
{
    BadKey,
    MissingPermission,
    WebserviceDisabled,
    NotFound,
    UnknownResource,
    InvalidQuery,
    Validation,
    NotWritable,
    MalformedXml,
    MethodNotAllowed,
    AsmEnabled,
    ImageMissing,
    HtmlInsteadOfXml,
    InvalidResponse,
    Timeout,
    Network,
    Tls,
    ServerError,
    /// <summary>The shop answered with a redirect: the saved address is not the shop's final one.</summary>
    Redirected,
    /// <summary>Plain http:// to a shop that is not on this machine, without the explicit opt-in.</summary>
    InsecureUrl,
}

/// <summary>One entry of PrestaShop's &lt;errors&gt; list.</summary>
public sealed record PrestaShopError(int Code, string Message);

/// <summary>The single exception type of the Webservice client. Never carries the API key.</summary>
public sealed class PrestaShopException : Exception
{
    public PrestaShopException(
        PrestaShopErrorKind kind,
        string message,
        string explanation,
        int? httpStatus = null,
        IReadOnlyList<PrestaShopError>? errors = null,
        string? method = null,
        string? url = null,
        Exception? innerException = null)
        : base(Compose(message, method, url), innerException)
    {
        Kind = kind;
        Explanation = explanation;
        HttpStatus = httpStatus;
        Errors = errors ?? [];
        Method = method;
        Url = url is null ? null : UrlRedactor.Redact(url);
    }

    public PrestaShopErrorKind Kind { get; }

    /// <summary>The key was refused in the Authorization header and again as ?ws_key=: it is wrong, whatever the server does with headers.</summary>
    public bool KeyRefusedEvenInUrl { get; init; }

    /// <summary>Plain words for the admin: what happened and how to fix it.</summary>
    public string Explanation { get; }

    public int? HttpStatus { get; }

    public IReadOnlyList<PrestaShopError> Errors { get; }

    public string? Method { get; }

    /// <summary>The called URL with ws_key redacted.</summary>
    public string? Url { get; }

    /// <summary>The PrestaShop code that decided the kind (PHP warning codes 2-15 are skipped when a better one exists).</summary>
    public int? PrimaryCode => PrestaShopErrorMapper.PrimaryCode(Errors);

    /// <summary>Worth retrying later: network trouble, timeouts, 5xx without a meaningful PrestaShop code.</summary>
    public bool IsTransient => Kind is PrestaShopErrorKind.Timeout or PrestaShopErrorKind.Network
        || (Kind == PrestaShopErrorKind.ServerError && PrestaShopErrorMapper.HasNoMeaningfulCode(Errors));

    /// <summary>Stops a whole feed run (the admin has to change something first).</summary>
    public bool IsFatal => Kind is PrestaShopErrorKind.BadKey or PrestaShopErrorKind.MissingPermission
        or PrestaShopErrorKind.WebserviceDisabled or PrestaShopErrorKind.AsmEnabled
        or PrestaShopErrorKind.HtmlInsteadOfXml or PrestaShopErrorKind.Tls
        or PrestaShopErrorKind.Redirected or PrestaShopErrorKind.InsecureUrl;

    private static string Compose(string message, string? method, string? url) =>
        UrlRedactor.Redact(method is null || url is null ? message : $"{message} ({method} {url})");
}

/// <summary>Removes the API key from anything that could be logged.</summary>
public static partial class UrlRedactor
{
    public static string Redact(string text) => WsKeyPattern().Replace(text, "${1}***");

    [GeneratedRegex(@"((?:^|[?&;\s])ws_key=)[^&#\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex WsKeyPattern();
}
