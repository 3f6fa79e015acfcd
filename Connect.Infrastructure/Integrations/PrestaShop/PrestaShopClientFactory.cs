using Connect.Domain.Integrations;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

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
/// </summary>
public sealed class PrestaShopClientFactory(IDbContextFactory<ConnectDbContext> contexts, ApiKeyProtector protector, PrestaShopClientSettings settings)
{
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
            AllowInsecureHttp = settings.AllowInsecureHttp,
        }, settings.Handler);
}
