using System.Text.RegularExpressions;
using Connect.Testing.Web;
using Microsoft.Playwright;

namespace Connect.EndToEnd.Tests.Journey;

/// <summary>
/// A Connect of its own on a fresh SQLite database, with its own Chromium, for tests that must not see what the shared
/// portal of <see cref="BrowserFixture"/> holds. Pages open at 1440x900, the size of the README's screenshots.
/// </summary>
public abstract class ConnectInstance(bool configuredAdmin) : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ConnectWebFactory Portal { get; } = new() { ConfiguredAdmin = configuredAdmin };
    public string BaseUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        // Playwright's 5 s for an expectation is too short on a busy 2-core machine, where a page can take longer to render.
        Assertions.SetDefaultExpectTimeout(20_000);
        BaseUrl = Portal.StartOnLoopback();
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
    }

    /// <summary>A new browser window with its own cookies (a second person, or the same person in a second window).</summary>
    public async Task<IPage> NewWindowAsync()
    {
        var context = await BrowserFixture.NewContextAsync(_browser!, new() { BaseURL = BaseUrl, ViewportSize = new() { Width = 1440, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>A new window signed in through the login page.</summary>
    public async Task<IPage> SignedInWindowAsync(string userName, string password)
    {
        var page = await NewWindowAsync();
        await new LoginPage(page).SignInAsync(userName, password);
        await page.WaitForURLAsync(BaseUrl + "/");
        await Ui.WaitForInteractiveAsync(page);
        return page;
    }

    /// <summary>The one-time password Connect printed for the generated first admin on its first start.</summary>
    public string GeneratedAdminPassword()
    {
        var match = Regex.Match(Portal.Console.ToString(), @"password:\s+(\S+)");
        return match.Success ? match.Groups[1].Value
            : throw new InvalidOperationException("Connect printed no generated admin password: the database was not empty or an admin was configured.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await Portal.DisposeAsync();
    }
}

/// <summary>A Connect that has never been started: no user but the generated admin, no shop, no data.</summary>
public sealed class EmptyConnect() : ConnectInstance(configuredAdmin: false);

/// <summary>A Connect of its own with the configured admin, for the scenarios beside the journey.</summary>
public sealed class ScenarioConnect() : ConnectInstance(configuredAdmin: true);

[CollectionDefinition(Name)]
public sealed class JourneyCollection : ICollectionFixture<EmptyConnect> { public const string Name = "Go-live journey"; }

[CollectionDefinition(Name)]
public sealed class ScenarioCollection : ICollectionFixture<ScenarioConnect> { public const string Name = "Merchant scenarios"; }
