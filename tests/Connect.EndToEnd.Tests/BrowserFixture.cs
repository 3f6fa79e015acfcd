using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Integrations;
using Connect.Infrastructure.Persistence;
using Connect.PrestaShop.Simulator;
using Connect.Testing;
using Connect.Testing.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Connect.EndToEnd.Tests;

/// <summary>
/// The real portal on a loopback port and Debian's Chromium driven by Playwright. The browser is the one the
/// machine has (/usr/bin/chromium, or CONNECT_CHROMIUM): Playwright never downloads its own.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public ConnectWebFactory Portal { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        BaseUrl = Portal.StartOnLoopback();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's Chromium (or CONNECT_CHROMIUM), headless.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        var chromium = Environment.GetEnvironmentVariable("CONNECT_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"The browser tests need Chromium at {chromium}: install Debian's package (apt-get install -y chromium) or set CONNECT_CHROMIUM.");
        return playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            // The machine has no internet: keep Chromium from calling home, which it would retry endlessly.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>
    /// A browser context whose clicks and page loads wait up to a minute: `dotnet test` runs the other test projects beside
    /// this one on two cores, and a first page of Blazor Server can then take longer than Playwright's default 30 s.
    /// </summary>
    public static async Task<IBrowserContext> NewContextAsync(IBrowser browser, BrowserNewContextOptions options)
    {
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return context;
    }

    /// <summary>A fresh browser context (its own cookies), signed in as the configured admin or the given user.</summary>
    public async Task<IPage> SignedInPageAsync(string userName = ConnectWebFactory.AdminEmail, string password = ConnectWebFactory.AdminPassword)
    {
        var context = await NewContextAsync(Browser, new() { BaseURL = BaseUrl, ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(BaseUrl + "/");
        await WaitForInteractiveAsync(page);
        return page;
    }

    /// <summary>An integration of the simulated shop, saved the way the wizard saves it (schedules off, not live).</summary>
    public async Task<int> CreateIntegrationAsync(SimulatedShop shop, string name)
    {
        var services = Portal.Services;
        var contexts = services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();
        int storeId;
        await using (var db = await contexts.CreateDbContextAsync()) storeId = (await db.Stores.FirstAsync()).Id;
        var (result, id) = await services.GetRequiredService<IntegrationSetup>().CreateAsync(
            new IntegrationDraft(name, "PrestaShop", storeId, shop.BaseUrl.ToString(), shop.ApiKey, null), [], TestUsers.Admin());
        if (id is null) throw new InvalidOperationException(result.Error);
        await services.GetRequiredService<FeedScheduler>().EnsureSchedulesAsync(id.Value);
        return id.Value;
    }

    /// <summary>An operator who has already chosen their password.</summary>
    public async Task CreateOperatorAsync(string userName, string password)
    {
        var error = await Portal.Services.GetRequiredService<UserAdministration>().CreateAsync(new NewUser(userName, null, Roles.Operator, [], password, AllStores: true), TestUsers.Admin());
        if (error is not null) throw new InvalidOperationException(error);
        await using var scope = Portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConnectUser>>();
        var user = await users.FindByNameAsync(userName);
        user!.MustChangePassword = false;
        await users.UpdateAsync(user);
    }

    /// <summary>Blazor Server pages are prerendered first; clicks count only once the circuit is up.</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("#connect-interactive", new() { State = WaitForSelectorState.Attached, Timeout = 20_000 });

    /// <summary>Saves a screenshot next to the test results, for a person to look at.</summary>
    public static async Task ShootAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Portal.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture> { public const string Name = "Browser"; }
