using System.Net.Http.Headers;
using System.Text;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Infrastructure;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using Connect.PrestaShop.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Benchmarks.Harness;

/// <summary>
/// Everything a scenario runs against: the generated shop (simulator in process, with latency and server time per row),
/// Connect as the portal composes it (real services, feed engine, SQLite database in a temporary folder, real client)
/// with one integration on the shop, a raw client for the floor and the per-record pattern, and the traffic counter.
/// </summary>
public sealed class BenchmarkContext : IAsyncDisposable
{
    private BenchmarkContext(BenchmarkOptions options, SimulatedShop shop, ServiceProvider services, Traffic traffic, string folder, int integrationId)
    {
        Options = options;
        Shop = shop;
        Services = services;
        Traffic = traffic;
        Folder = folder;
        IntegrationId = integrationId;
        Raw = new RawShop(shop, traffic, options.Concurrency);
    }

    public BenchmarkOptions Options { get; }
    public SimulatedShop Shop { get; }
    public ServiceProvider Services { get; }
    public Traffic Traffic { get; }
    public string Folder { get; }
    public int IntegrationId { get; }
    public RawShop Raw { get; }
    public IDbContextFactory<ConnectDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();

    /// <summary>The signed-in administrator the services that check their caller are called as (stock changes, shipping, queries).</summary>
    public static System.Security.Claims.ClaimsPrincipal Admin { get; } = new(new System.Security.Claims.ClaimsIdentity(
        [
            new(System.Security.Claims.ClaimTypes.Name, "benchmark"), new(System.Security.Claims.ClaimTypes.NameIdentifier, "benchmark"),
            new(System.Security.Claims.ClaimTypes.Role, Connect.Infrastructure.Identity.Roles.Admin),
            new(Connect.Infrastructure.Identity.ConnectClaims.AllStores, "true"),
        ], "Benchmark"));

    /// <summary>Changes the integration's settings or Live flag (not measured).</summary>
    public async Task ChangeIntegrationAsync(Action<Integration> change, CancellationToken ct)
    {
        await using var db = await Contexts.CreateDbContextAsync(ct);
        var integration = await db.Integrations.SingleAsync(i => i.Id == IntegrationId, ct);
        change(integration);
        await db.SaveChangesAsync(ct);
    }

    public static async Task<BenchmarkContext> StartAsync(BenchmarkOptions options, CancellationToken ct)
    {
        var shop = await SimulatedShop.StartAsync(new SimulatorOptions
        {
            Products = options.Products, Suppliers = options.Suppliers, Orders = options.Orders,
        }, ct);
        shop.Faults.Latency = TimeSpan.FromMilliseconds(options.LatencyMs);
        shop.Costs.PerRow = TimeSpan.FromMilliseconds(options.OtherRowMs);
        shop.Costs.SetPerRow("products", TimeSpan.FromMilliseconds(options.ProductRowMs));
        shop.Costs.SetPerRow("combinations", TimeSpan.FromMilliseconds(options.CombinationRowMs));
        shop.Costs.SetPerRow("orders", TimeSpan.FromMilliseconds(options.OrderRowMs));

        var folder = Path.Combine(Path.GetTempPath(), $"connect-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:DataFolder"] = folder })
            .Build();
        var traffic = new Traffic();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new PrestaShopClientSettings { Handler = traffic });
        services.AddConnectInfrastructure(configuration, folder);
        services.AddFeedEngine(configuration);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);

        var integrationId = await AddIntegrationAsync(provider, shop, options.Concurrency, ct);
        var context = new BenchmarkContext(options, shop, provider, traffic, folder, integrationId);
        await context.WarmUpAsync(ct);
        return context;
    }

    private static async Task<int> AddIntegrationAsync(IServiceProvider provider, SimulatedShop shop, int concurrency, CancellationToken ct)
    {
        await using var db = await provider.GetRequiredService<IDbContextFactory<ConnectDbContext>>().CreateDbContextAsync(ct);
        var store = await db.Stores.FirstAsync(ct);
        var integration = new Integration($"Shop {shop.BaseUrl.Port}", PrestaShopPlatform.PlatformName, shop.BaseUrl.ToString(), store.Id, DateTime.UtcNow);
        integration.ReplaceApiKey(provider.GetRequiredService<ApiKeyProtector>().Protect(shop.ApiKey), shop.ApiKey);
        integration.ChangeSettings(integration.Settings with { RequestConcurrency = concurrency });
        db.Integrations.Add(integration);
        await db.SaveChangesAsync(ct);
        return integration.Id;
    }

    /// <summary>
    /// Runs every catalog feed once on the small demo shop (its own integration), so that the measured runs do not pay for
    /// compiling code and building the database model, which a long-running Connect has paid long before.
    /// </summary>
    private async Task WarmUpAsync(CancellationToken ct)
    {
        await using var demo = await SimulatedShop.StartAsync(new SimulatorOptions(), ct);
        var warmUp = new BenchmarkContext(Options, demo, Services, Traffic, Folder, await AddIntegrationAsync(Services, demo, Options.Concurrency, ct));
        foreach (var feed in new[] { FeedKind.ImportNewProducts, FeedKind.UpdateProducts, FeedKind.ImportSuppliers, FeedKind.ProductSupplierImport, FeedKind.ImportProductImages, FeedKind.ImportNewOrders })
            await warmUp.RunFeedAsync(feed, ct);
        warmUp.Raw.Dispose();
    }

    /// <summary>Runs one feed through the engine's Run now, as the portal's button does, and returns the finished run.</summary>
    public async Task<FeedRun> RunFeedAsync(FeedKind feed, CancellationToken ct)
    {
        var runner = Services.GetRequiredService<FeedRunner>();
        var started = await runner.StartAsync(IntegrationId, feed, FeedTrigger.Manual, "benchmark", ct);
        if (!started.IsStarted) throw new InvalidOperationException($"{feed} did not start: {started.Reason}");
        await runner.WaitForRunAsync(started.RunId!.Value, ct);
        await using var db = await Contexts.CreateDbContextAsync(ct);
        var run = await db.FeedRuns.AsNoTracking().SingleAsync(r => r.Id == started.RunId, ct);
        if (run.Status is not (FeedRunStatus.Succeeded or FeedRunStatus.CompletedWithErrors))
            throw new InvalidOperationException($"{feed} ended {run.Status}: {run.Error}");
        return run;
    }

    /// <summary>Imports the catalog once when a scenario needs it and no earlier scenario did (not measured).</summary>
    public async Task EnsureProductsImportedAsync(CancellationToken ct)
    {
        await using var db = await Contexts.CreateDbContextAsync(ct);
        if (!await db.ExternalLinks.AnyAsync(l => l.IntegrationId == IntegrationId && l.Kind == ExternalLinkKind.Product, ct))
            await RunFeedAsync(FeedKind.ImportNewProducts, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Shop.DisposeAsync();
        Raw.Dispose();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a file still open on a slow disk: the temp folder is cleaned by the system */ }
    }
}

/// <summary>Plain HTTP reads of the shop (no Connect code): the floor and the per-record pattern.</summary>
public sealed class RawShop : IDisposable
{
    private readonly HttpClient _http;

    public RawShop(SimulatedShop shop, Traffic traffic, int concurrency)
    {
        Concurrency = concurrency;
        _http = new HttpClient(traffic, disposeHandler: false) { BaseAddress = new Uri(shop.BaseUrl, "api/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(shop.ApiKey + ":")));
    }

    public int Concurrency { get; }

    /// <summary>One write (PUT, POST) with an XML body; the answer as text.</summary>
    public async Task<string> SendAsync(HttpMethod method, string resource, string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, resource) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
        using var response = await _http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>One GET; the body as text (parsed only where the pattern needs the ids).</summary>
    public async Task<string> GetAsync(string resource, CancellationToken ct, params (string Name, string Value)[] query)
    {
        var qs = string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
        using var response = await _http.GetAsync(qs.Length == 0 ? resource : $"{resource}?{qs}", ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>The ids of a listing without display (one request).</summary>
    public async Task<IReadOnlyList<long>> IdsAsync(string resource, CancellationToken ct, params (string Name, string Value)[] query)
    {
        var doc = System.Xml.Linq.XDocument.Parse(await GetAsync(resource, ct, query));
        return doc.Root!.Elements().First().Elements().Select(e => long.Parse(e.Attribute("id")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>The highest id of a resource.</summary>
    public async Task<long> MaxIdAsync(string resource, CancellationToken ct) =>
        (await IdsAsync(resource, ct, ("sort", "[id_DESC]"), ("limit", "1"))).FirstOrDefault();

    /// <summary>
    /// The floor's shape: id windows of <paramref name="pageSize"/> from 1 to <paramref name="maxId"/>, <see cref="Concurrency"/>
    /// at a time, each read by <paramref name="read"/> (from, to).
    /// </summary>
    public Task ForEachWindowAsync(long maxId, int pageSize, Func<long, long, CancellationToken, Task> read, CancellationToken ct)
    {
        var windows = new List<(long From, long To)>();
        for (long from = 1; from <= maxId; from += pageSize) windows.Add((from, Math.Min(maxId, from + pageSize - 1)));
        return Parallel.ForEachAsync(windows, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct },
            async (w, c) => await read(w.From, w.To, c));
    }

    public void Dispose() => _http.Dispose();
}
