using Connect.Domain.Integrations;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connect.Infrastructure.Integrations.PrestaShop;

/// <summary>Timeouts and retries of the Webservice clients Connect creates.</summary>
public sealed record PrestaShopClientSettings
{
    /// <summary>Per call, for feeds (big pages on slow shops).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Per call, for connection tests and the lists of the Configuration tab: an admin is waiting.</summary>
    public TimeSpan InteractiveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int RetryCount { get; init; } = 3;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest Webservice answer and product image read from a shop (config Connect:PrestaShop:MaxResponseMegabytes / MaxImageMegabytes).</summary>
    public long MaxResponseBytes { get; init; } = 100L * 1024 * 1024;

    public long MaxImageBytes { get; init; } = Sync.ProductImageLimits.DefaultMaxBytes;

    /// <summary>
    /// PrestaShop:AllowInsecureHttp: lets API keys go over plain http:// to shops that are not on this machine. Off unless
    /// set; Connect logs a warning at start when it is on.
    /// </summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>Extra handler for tests (recorded responses); null in production.</summary>
    public HttpMessageHandler? Handler { get; init; }
}

/// <summary>
/// Creates the <see cref="PrestaShopClient"/> of an integration: decrypts the saved key, applies the shop id and the request
/// concurrency from the integration's settings. Feeds call <see cref="CreateAsync"/> once per run and dispose the client after it.
/// Clients of one shop share one connection pool (handler), so pages, feeds and tests do not open new sockets each time.
/// </summary>
public sealed class PrestaShopClientFactory(IDbContextFactory<ConnectDbContext> contexts, ApiKeyProtector protector, PrestaShopClientSettings settings,
    ILoggerFactory? loggers = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpMessageHandler> _handlers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The client of a saved integration, for a feed run.</summary>
    /// <exception cref="InvalidOperationException">The integration does not exist, is not a PrestaShop one, or its key cannot be decrypted.</exception>
    public async Task<PrestaShopClient> CreateAsync(int integrationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == integrationId, ct)
            ?? throw new InvalidOperationException($"Integration {integrationId} does not exist (it may have been deleted).");
        return Create(integration);
    }

    /// <summary>The client of an integration already loaded.</summary>
    public PrestaShopClient Create(Integration integration)
    {
        if (!string.Equals(integration.Platform, PrestaShopPlatform.PlatformName, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Integration '{integration.Name}' is a {integration.Platform} integration, not a PrestaShop one.");
        return Create(new ShopConnection(integration.Url, protector.Unprotect(integration.ProtectedApiKey), integration.ShopId,
            integration.Settings.RequestConcurrency));
    }

    /// <summary>A client for connection details not saved yet (wizard, API connection section).</summary>
    public PrestaShopClient Create(ShopConnection connection, bool interactive = false) =>
        new(new PrestaShopClientOptions
        {
            BaseUrl = connection.Url,
            ApiKey = connection.ApiKey,
            ShopId = connection.ShopId,
            MaxConcurrency = connection.RequestConcurrency,
            Timeout = interactive ? settings.InteractiveTimeout : settings.Timeout,
            // A waiting admin wants the answer, not three retries of a dead shop.
            RetryCount = interactive ? Math.Min(1, settings.RetryCount) : settings.RetryCount,
            RetryBaseDelay = settings.RetryBaseDelay,
            MaxResponseBytes = settings.MaxResponseBytes,
            MaxImageBytes = settings.MaxImageBytes,
            AllowInsecureHttp = settings.AllowInsecureHttp,
        }, settings.Handler ?? HandlerFor(connection.Url), loggers?.CreateLogger<PrestaShopClient>());

    /// <summary>The one handler of a shop (by scheme and host), reused by every client of it; connections are recycled periodically for DNS changes.</summary>
    internal HttpMessageHandler HandlerFor(string url)
    {
        var key = Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : url.Trim();
        // As Flurl's own handler: Flurl follows redirects and keeps cookies itself.
        return _handlers.GetOrAdd(key, _ => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        });
    }

    public void Dispose()
    {
        foreach (var handler in _handlers.Values) handler.Dispose();
        _handlers.Clear();
    }
}
