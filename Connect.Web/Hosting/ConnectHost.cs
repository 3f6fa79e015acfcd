using Connect.Infrastructure;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using Connect.Web.Components;
using Connect.Web.Components.Account;
using Connect.Web.Components.Catalog;
using Connect.Web.Feeds;
using Microsoft.AspNetCore.Authorization;
using MudBlazor.Services;

namespace Connect.Web.Hosting;

/// <summary>The composition of the portal: which services, which middleware, in which order.</summary>
public static class ConnectHost
{
    public static IServiceCollection AddConnect(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddConnectInfrastructure(configuration, environment.ContentRootPath);
        services.AddConnectIdentity();
        services.AddAuthorizationBuilder()
            // Every page needs a signed-in user unless it says otherwise (sign-in itself, static files).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();
        services.Configure<SessionRevalidationOptions>(o =>
            o.Interval = TimeSpan.FromSeconds(configuration.GetValue("Hosting:SessionRevalidationSeconds", 30)));
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, ConnectAuthenticationStateProvider>();
        services.AddSingleton<HubSessionWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<HubSessionWatch>());
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSignalR();
        services.AddFeedEngine(configuration);
        services.AddSingleton<IntegrationStoreLookup>();
        services.AddScoped<Connect.Web.Components.Shared.UserTimeZone>();
        services.AddHostedService<FeedHubForwarder>();
        services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.AddHttpContextAccessor();
        services.AddConnectHostingSecurity(configuration, environment);
        return services;
    }

    /// <summary>Migrates the database and makes sure someone can sign in, before the first request.</summary>
    public static async Task PrepareConnectAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await scope.ServiceProvider.GetRequiredService<KeyRingMigration>().ProtectStoredKeysAsync();
        var startup = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Connect.Security");
        if (!app.Environment.IsDevelopment() && !app.Services.GetRequiredService<KeyRingProtection>().Encrypted)
            startup.LogWarning("{Warning}", KeyRingProtection.Warning);
        if (app.Services.GetRequiredService<Connect.Infrastructure.Integrations.PrestaShop.PrestaShopClientSettings>().AllowInsecureHttp)
            startup.LogWarning("Connect:PrestaShop:AllowInsecureHttp is on: API keys may be sent in clear text to shops on plain http://. Use it only on a private network.");
        var console = scope.ServiceProvider.GetService<ConnectConsole>()?.Writer ?? Console.Out;
        await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync(console);
    }

    public static WebApplication UseConnect(this WebApplication app)
    {
        app.UseConnectHostingSecurity();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseConnectCulture();
        app.UseAuthentication();
        app.UseMiddleware<PasswordChangeGate>();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        // Blazor sends its own frame-ancestors policy ('self' unless told): no site, this one included, may frame Connect.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = "'none'");
        app.MapAccountEndpoints();
        app.MapProductImages();
        app.MapHub<FeedsHub>(FeedsHub.Path);
        app.Services.UseFeedScheduler();
        return app;
    }
}

/// <summary>Where start-up notices meant for the person starting Connect go (the console unless replaced, e.g. by tests).</summary>
public sealed record ConnectConsole(TextWriter Writer);
