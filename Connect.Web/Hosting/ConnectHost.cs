using Connect.Infrastructure;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
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
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSignalR();
        services.AddFeedEngine(configuration);
        services.AddSingleton<IntegrationStoreLookup>();
        services.AddHostedService<FeedHubForwarder>();
        services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.AddHttpContextAccessor();
        return services;
    }

    /// <summary>Migrates the database and makes sure someone can sign in, before the first request.</summary>
    public static async Task PrepareConnectAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var console = scope.ServiceProvider.GetService<ConnectConsole>()?.Writer ?? Console.Out;
        await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync(console);
    }

    public static WebApplication UseConnect(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseMiddleware<PasswordChangeGate>();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapProductImages();
        app.MapHub<FeedsHub>(FeedsHub.Path);
        app.Services.UseFeedScheduler();
        return app;
    }
}

/// <summary>Where start-up notices meant for the person starting Connect go (the console unless replaced, e.g. by tests).</summary>
public sealed record ConnectConsole(TextWriter Writer);
