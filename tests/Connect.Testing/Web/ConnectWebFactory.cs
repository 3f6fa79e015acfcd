using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Connect.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Testing.Web;

/// <summary>
/// The real portal on a throw-away data folder (embedded SQLite), with a known first admin so tests can sign in.
/// </summary>
public sealed class ConnectWebFactory : WebApplicationFactory<Program>
{
    /// <summary>False: start like a fresh installation, where Connect generates the first admin and prints its password.</summary>
    public bool ConfiguredAdmin { get; init; } = true;

    /// <summary>More settings, as keys of the configuration ("Section:Key").</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>What Connect printed for the person starting it (the generated admin password, when there is one).</summary>
    public StringWriter Console { get; } = new();

    public const string AdminEmail = "admin@connect.test";
    public const string AdminPassword = "Admin12345Pass";

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"connect-web-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development serves the static web assets straight from the projects, as `dotnet run` does.
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:DataFolder", _dataFolder);
        builder.UseSetting("Connect:Admin:Email", ConfiguredAdmin ? AdminEmail : "");
        builder.UseSetting("Connect:Admin:Password", ConfiguredAdmin ? AdminPassword : "");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton(new ConnectConsole(Console)));
    }

    /// <summary>Serves the portal on a real loopback port (for a browser) and returns its address.</summary>
    public string StartOnLoopback()
    {
        UseKestrel(0);
        StartServer();
        return ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    /// <summary>A client signed in through the real login form (anti-forgery token included).</summary>
    public async Task<HttpClient> SignedInClientAsync(string userName = AdminEmail, string password = AdminPassword)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await SignInAsync(client, userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in failed: {response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Form.UserName"] = userName,
            ["Form.Password"] = password,
        }));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
