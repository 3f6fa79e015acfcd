using Bunit;
using Bunit.TestDoubles;
using MudBlazor;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Stores;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace Connect.Web.Tests.Feeds;

/// <summary>A bUnit context with MudBlazor, the feed engine over the test database, and a signed-in user.</summary>
public abstract class FeedPageTestBase : BunitContext, IAsyncLifetime
{
    protected static readonly DateTime Now = new(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);

    protected FeedPageTestBase(DatabaseFixture database, string role = Roles.Operator)
    {
        Database = database;
        Services.AddMudServices();
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<Connect.Web.Components.Shared.UserTimeZone>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLogging();
        Services.AddSingleton(database.Contexts);
        Services.AddFeedEngine(new ConfigurationBuilder().Build());
        // Every kind exists for the test platform, as for PrestaShop; a test that runs one replaces it (UseFeed).
        foreach (var kind in Enum.GetValues<FeedKind>()) Services.AddFeed<StandInFeed>("PrestaShop", kind);
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("ada");
        Authorization.SetRoles(role);
        // Every store, as the Users page's "All stores"; tests of store limits set store claims instead.
        Authorization.SetClaims(new System.Security.Claims.Claim(ConnectClaims.AllStores, "true"));
    }

    /// <summary>Makes <typeparamref name="TFeed"/> the platform's <paramref name="kind"/> feed instead of the stand-in.</summary>
    protected void UseFeed<TFeed>(FeedKind kind) where TFeed : class, IFeed
    {
        Services.RemoveFeed(kind);
        Services.AddFeed<TFeed>("PrestaShop", kind);
    }

    /// <summary>Says the platform has no <paramref name="kind"/> feed (the checklist's "not available yet").</summary>
    protected void WithoutFeed(FeedKind kind) => Services.RemoveFeed(kind);

    /// <summary>Stands for a platform feed the test does not run.</summary>
    private sealed class StandInFeed : IFeed
    {
        public FeedKind Kind => throw new InvalidOperationException("A stand-in feed is not meant to run: register the test's own with UseFeed.");
        public Task<FeedOutcome> RunAsync(FeedContext context, CancellationToken cancellationToken) => throw new InvalidOperationException("A stand-in feed is not meant to run.");
    }

    protected DatabaseFixture Database { get; }

    /// <summary>The signed-in user; add store claims to limit them.</summary>
    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>Renders the providers MudBlazor dialogs and popovers need; the dialogs show up in the returned provider.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderDialogProvider()
    {
        Popovers = Render<MudPopoverProvider>();
        return Render<MudDialogProvider>();
    }

    /// <summary>Where open selects show their items (set by <see cref="RenderDialogProvider"/>).</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = null!;

    protected IFeedProgressNotifier Notifier => Services.GetRequiredService<IFeedProgressNotifier>();

    public async ValueTask InitializeAsync() => await Database.ResetAsync();

    protected async Task<Integration> IntegrationAsync(string name = "My shop", bool live = false)
    {
        var code = $"S{Guid.NewGuid():N}"[..8];
        var store = await Database.InsertAsync(new Store(name + " store", code, new Warehouse(name + " warehouse", code)));
        var integration = new Integration(name, "PrestaShop", "https://shop.example", store.Id, Now);
        if (live) integration.GoLive();
        return await Database.InsertAsync(integration);
    }

    protected async Task<FeedRun> RunAsync(int integrationId, FeedKind feed, FeedCounts? completedWith = null)
    {
        var run = new FeedRun(integrationId, feed, FeedTrigger.Manual, "ada", "test", null, Now);
        if (completedWith is not null) run.Complete(completedWith, Now.AddMinutes(2));
        return await Database.InsertAsync(run);
    }

    protected static FeedProgressSnapshot Snapshot(FeedRun run, FeedRunStatus status, FeedCounts counts, int? total = null) =>
        new(run.Id, run.IntegrationId, run.Feed, status, counts, total, null, null, null, run.StartedAt,
            status == FeedRunStatus.Running ? null : Now.AddMinutes(1), Now.AddSeconds(30));
}

internal static class FeedRegistrationRemoval
{
    /// <summary>Removes the platform's registration of <paramref name="kind"/>.</summary>
    public static void RemoveFeed(this IServiceCollection services, FeedKind kind)
    {
        foreach (var descriptor in services.Where(d => d.ImplementationInstance is FeedRegistration r && r.Kind == kind).ToList())
            services.Remove(descriptor);
    }
}
