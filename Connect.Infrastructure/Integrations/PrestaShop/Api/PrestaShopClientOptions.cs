namespace Connect.Infrastructure.Integrations.PrestaShop.Api;

/// <summary>Connection settings of one integration's Webservice client.</summary>
public sealed record PrestaShopClientOptions
{
    /// <summary>Shop root (https://shop.example or https://shop.example/sub); a URL already ending in /api is accepted.</summary>
    public required string BaseUrl { get; init; }

    public required string ApiKey { get; init; }

    /// <summary>Multistore: added as id_shop to every call when set.</summary>
    public int? ShopId { get; init; }

    /// <summary>Language used to resolve multilanguage fields; null = first language present.</summary>
    public int? LanguageId { get; init; }

    public int MaxConcurrency { get; init; } = 4;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Extra attempts for idempotent calls (GET/HEAD/PUT) after a transient failure.</summary>
    public int RetryCount { get; init; } = 3;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest Webservice answer read, in bytes; a bigger one is refused with the fix (smaller pages) instead of filling memory.</summary>
    public long MaxResponseBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Largest product image downloaded, in bytes.</summary>
    public long MaxImageBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Start directly with ?ws_key= (a previous connection test found the Authorization header stripped).</summary>
    public bool UseWsKeyQueryParameter { get; init; }

    /// <summary>
    /// Lets the key travel over plain http:// to a shop that is not on this machine (it is sent in clear text). Off by
    /// default; only for a shop without HTTPS on a private network, and Connect warns when it is on.
    /// </summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>Why the key may not be sent to <see cref="BaseUrl"/>, or null: https, loopback, or the explicit opt-in.</summary>
    public string? InsecureUrlReason()
    {
        if (!Uri.TryCreate(ApiRoot, UriKind.Absolute, out var uri)) return null; // reported by the call itself
        if (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback || AllowInsecureHttp) return null;
        return $"The shop address {uri.Scheme}://{uri.Authority} is not https://: the API key would travel in clear text. " +
               "Use the shop's https:// address (enable SSL in PrestaShop's Shop Parameters > General), or, only for a shop on a private network, " +
               "set Connect:PrestaShop:AllowInsecureHttp to true in Connect's settings.";
    }

    /// <summary>The Webservice root: always ends with "/api/".</summary>
    public string ApiRoot
    {
        get
        {
            var root = BaseUrl.Trim().TrimEnd('/');
            if (!root.EndsWith("/api", StringComparison.OrdinalIgnoreCase))
                root += "/api";
            return root + "/";
        }
    }

    // The key must never reach a log through the record's generated ToString.
    public override string ToString() =>
        $"PrestaShopClientOptions {{ BaseUrl = {BaseUrl}, ApiKey = ***, ShopId = {ShopId}, LanguageId = {LanguageId} }}";
}
