using System.Net;
using Connect.PrestaShop.Simulator.Data;
using Connect.PrestaShop.Simulator.Faults;
using Connect.PrestaShop.Simulator.Generation;
using Connect.PrestaShop.Simulator.Http;
using Connect.PrestaShop.Simulator.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connect.PrestaShop.Simulator;

/// <summary>
/// A PrestaShop shop answering the Webservice on 127.0.0.1, for tests (in process) and demos.
/// <code>await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = "1.6" });</code>
/// </summary>
public sealed class SimulatedShop : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();

    private SimulatedShop(SimulatorOptions options, WebApplication app)
    {
        Options = options;
        this.app = app;
        Profile = VersionProfile.Parse(options.Version);
        if (options.AdvancedStockManagement && !Profile.AllowsAdvancedStockManagement)
            throw new ArgumentException("Advanced stock management exists only on the 1.5 and 1.6 profiles.", nameof(options));
        SeedDirectory = options.SeedDirectory ?? SeedLoader.DefaultSeedDirectory;
        State = SeedLoader.Load(SeedDirectory, Profile);
        JsonTypes = JsonTypes.Load(SeedDirectory);
        if (options.Products > 0) CatalogGenerator.Generate(State, options.Products, options.Orders, options.RandomSeed, options.Suppliers);
        if (options.AdvancedStockManagement) EnableAdvancedStockManagement();
        Faults.Seed(options.RandomSeed);
        foreach (var resource in State.Documents["root.xml"].Root!.Element("api")!.Elements().Select(e => e.Name.LocalName))
        {
            if (!(Profile.Patch && options.AllowPatch)) Permissions.Deny(resource, "PATCH");
        }
    }

    public SimulatorOptions Options { get; }
    public VersionProfile Profile { get; }
    /// <summary>Shop root, e.g. http://127.0.0.1:41234/ (the API is under api/).</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");
    public string ApiKey => Options.ApiKey;
    public ShopState State { get; }
    public WriteLog Writes { get; } = new();
    /// <summary>GET requests received per resource ("carriers", "order_states"...), so a test can tell how often Connect asks.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> Reads { get; } = new();
    public FaultInjection Faults { get; } = new();
    /// <summary>Server time per row read (benchmarks); none by default.</summary>
    public ServerCost Costs { get; } = new();
    public KeyPermissions Permissions { get; } = new();
    public string SeedDirectory { get; }
    internal JsonTypes JsonTypes { get; }
    internal CancellationToken Stopping => stopping.Token;

    public static async Task<SimulatedShop> StartAsync(SimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SimulatorOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(options.Host == "localhost" ? "127.0.0.1" : options.Host), options.Port));
        var app = builder.Build();
        var shop = new SimulatedShop(options, app);
        var webservice = new Webservice(shop);
        app.Run(webservice.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        shop.BaseUrl = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return shop;
    }

    /// <summary>An HttpClient for the shop with the key as Basic user name (the way PrestaShop expects it).</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ApiKey + ":")));
        return client;
    }

    /// <summary>xlink:href base: the host the client used, like a shop whose domain is that host.</summary>
    internal string BaseUrlFor(HttpRequest request) => $"{request.Scheme}://{request.Host}/";

    private void EnableAdvancedStockManagement()
    {
        foreach (var c in State.Table("configurations").Rows.Where(r => r["name"] == "PS_ADVANCED_STOCK_MANAGEMENT")) c["value"] = "1";
        foreach (var s in State.Table("stock_availables").Rows) s["depends_on_stock"] = "1";
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }
}
