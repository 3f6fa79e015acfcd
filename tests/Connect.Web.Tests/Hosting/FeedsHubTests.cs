using Connect.Testing;
using System.Collections.Concurrent;
using System.Net;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Stores;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Connect.Testing.Web;
using Connect.Web.Feeds;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Hosting;

/// <summary>The feed hub on the running portal: who may connect, and who hears which integration's runs.</summary>
public sealed class FeedsHubTests : IAsyncLifetime
{
    private const string Platform = "Test";
    private const string OperatorName = "store-b-operator";
    private const string OperatorPassword = "Operator12345x";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ConnectWebFactory _root = new();
    private readonly GatedFeedScript _script = new();
    private WebApplicationFactory<Program> _factory = null!;
    private readonly List<HubConnection> _connections = [];

    public ValueTask InitializeAsync()
    {
        // A test-only platform with one feed, so a real run goes through the real engine, notifier, forwarder and hub.
        _factory = _root.WithWebHostBuilder(b =>
        {
            // Sessions are re-checked every second here, instead of every 30 seconds, to keep the test short.
            b.UseSetting("Hosting:SessionRevalidationSeconds", "1");
            b.ConfigureTestServices(services =>
            {
                services.AddSingleton(_script);
                services.AddFeed<GatedTestFeed>(Platform, FeedKind.ImportNewProducts);
            });
        });
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_store_limited_operator_hears_only_runs_of_their_stores_while_an_admin_hears_all()
    {
        var (storeA, storeB) = (await StoreAsync("Store A", "A"), await StoreAsync("Store B", "B"));
        var shopA = await IntegrationAsync("Shop A", storeA);
        var shopB = await IntegrationAsync("Shop B", storeB);
        await OperatorOfAsync(storeB);

        var admin = new Inbox();
        var op = new Inbox();
        await ConnectAsync(admin, await SignedInCookiesAsync(ConnectWebFactory.AdminEmail, ConnectWebFactory.AdminPassword));
        await ConnectAsync(op, await SignedInCookiesAsync(OperatorName, OperatorPassword));
        var runner = _factory.Services.GetRequiredService<FeedRunner>();

        // Store B's run first: both hear it while it runs, which proves both connections have joined their groups.
        var runB = (await runner.RunNowAsync(shopB.Id, FeedKind.ImportNewProducts, TestUsers.Operator("test"))).RunId!.Value;
        await admin.WaitForAsync(s => s.RunId == runB && s.IsRunning);
        await op.WaitForAsync(s => s.RunId == runB && s.IsRunning);

        // Store A's run, from start to end, while B still runs.
        var runA = (await runner.RunNowAsync(shopA.Id, FeedKind.ImportNewProducts, TestUsers.Operator("test"))).RunId!.Value;
        await admin.WaitForAsync(s => s.RunId == runA && s.IsRunning);
        _script.Release(shopA.Id);
        await admin.WaitForAsync(s => s.RunId == runA && s.Status == FeedRunStatus.Succeeded);
        await admin.WaitForLogAsync(l => l.RunId == runA);

        // B ends after A: messages reach a connection in order, so once the operator has B's end, A's would be in.
        _script.Release(shopB.Id);
        await op.WaitForAsync(s => s.RunId == runB && s.Status == FeedRunStatus.Succeeded);
        await op.WaitForLogAsync(l => l.RunId == runB);
        await admin.WaitForAsync(s => s.RunId == runB && s.Status == FeedRunStatus.Succeeded);

        op.Snapshots.ShouldNotContain(s => s.IntegrationId == shopA.Id);
        op.Log.ShouldNotContain(l => l.IntegrationId == shopA.Id);
        admin.Log.Select(l => l.IntegrationId).Distinct().Order().ShouldBe([shopA.Id, shopB.Id]);
    }

    [Fact]
    public async Task A_connection_is_closed_once_its_user_is_re_scoped_or_locked()
    {
        var (storeA, storeB) = (await StoreAsync("Store A", "A"), await StoreAsync("Store B", "B"));
        await OperatorOfAsync(storeB);
        var scoped = await ConnectAsync(new Inbox(), await SignedInCookiesAsync(OperatorName, OperatorPassword));
        var locked = await ConnectAsync(new Inbox(), await SignedInCookiesAsync(ConnectWebFactory.AdminEmail, ConnectWebFactory.AdminPassword));
        var users = _factory.Services.GetRequiredService<UserAdministration>();
        var operatorId = (await users.ListAsync()).Single(u => u.UserName == OperatorName).Id;

        (await users.ChangeAsync(operatorId, Roles.Operator, [storeA.Id], allStores: false, TestUsers.Admin("someone-else"))).ShouldBeNull();

        await WaitUntilAsync(() => scoped.State == HubConnectionState.Disconnected);
        locked.State.ShouldBe(HubConnectionState.Connected);
        var adminId = (await users.ListAsync()).Single(u => u.Role == Roles.Admin).Id;
        await AddSecondAdminAsync();
        (await users.SetLockedAsync(adminId, true, TestUsers.Admin("someone-else"))).ShouldBeNull();
        await WaitUntilAsync(() => locked.State == HubConnectionState.Disconnected);
    }

    private async Task AddSecondAdminAsync()
    {
        // The last admin cannot be locked: add another one first.
        var admin = _factory.Services.GetRequiredService<UserAdministration>();
        (await admin.CreateAsync(new NewUser("second-admin", null, Roles.Admin, [], "SecondAdmin12345"), TestUsers.Admin())).ShouldBeNull();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        while (!condition())
        {
            if (timeout.IsCancellationRequested) throw new TimeoutException($"The condition was not met within {Patience.TotalSeconds} s.");
            await Task.Delay(50, CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_anonymous_connection_is_refused()
    {
        var inbox = new Inbox();

        var refused = await Should.ThrowAsync<HttpRequestException>(() => ConnectAsync(inbox, new CookieContainer()));

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void Groups_follow_the_store_limit_of_the_user()
    {
        FeedsHub.GroupsOf(User(Roles.Admin)).ShouldBe([FeedsHub.AllStoresGroup]);
        FeedsHub.GroupsOf(User(Roles.Operator)).ShouldBeEmpty(); // no store ticked: no store
        FeedsHub.GroupsOf(TestUsers.Operator()).ShouldBe([FeedsHub.AllStoresGroup]); // the explicit "All stores"
        FeedsHub.GroupsOf(User(Roles.Operator, 7, 3)).ShouldBe([FeedsHub.StoreGroup(3), FeedsHub.StoreGroup(7)]);
        // An admin's store claims, if any, do not narrow what an admin sees.
        FeedsHub.GroupsOf(User(Roles.Admin, 3)).ShouldBe([FeedsHub.AllStoresGroup]);

        static System.Security.Claims.ClaimsPrincipal User(string role, params int[] stores) =>
            new(new System.Security.Claims.ClaimsIdentity(
                [new(System.Security.Claims.ClaimTypes.Role, role), .. stores.Select(s => new System.Security.Claims.Claim(ConnectClaims.Store, s.ToString()))],
                "test"));
    }

    private async Task<CookieContainer> SignedInCookiesAsync(string userName, string password)
    {
        var cookies = new CookieContainer();
        var client = _factory.CreateDefaultClient(new CookieContainerHandler(cookies));
        var response = await ConnectWebFactory.SignInAsync(client, userName, password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"signing in as {userName}");
        return cookies;
    }

    private async Task<HubConnection> ConnectAsync(Inbox inbox, CookieContainer cookies)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, FeedsHub.Path), o =>
            {
                // The sign-in cookie rides along on every long-polling request.
                o.HttpMessageHandlerFactory = _ => new CookieContainerHandler(cookies) { InnerHandler = _factory.Server.CreateHandler() };
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        _connections.Add(connection);
        connection.On<FeedProgressSnapshot>(FeedsHub.ProgressMethod, inbox.Snapshots.Enqueue);
        connection.On<FeedLogLine>(FeedsHub.LogMethod, inbox.Log.Enqueue);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    private async Task<Store> StoreAsync(string name, string code)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var store = new Store(name, code, new Warehouse($"{name} warehouse", code + "-WH"));
        db.Add(store);
        await db.SaveChangesAsync();
        return store;
    }

    private async Task<Integration> IntegrationAsync(string name, Store store)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var integration = new Integration(name, Platform, "https://shop.example", store.Id, DateTime.UtcNow);
        db.Add(integration);
        await db.SaveChangesAsync();
        return integration;
    }

    private async Task OperatorOfAsync(Store store)
    {
        var admin = _factory.Services.GetRequiredService<UserAdministration>();
        (await admin.CreateAsync(new NewUser(OperatorName, null, Roles.Operator, [store.Id], OperatorPassword), TestUsers.Admin())).ShouldBeNull();
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConnectUser>>();
        var user = (await users.FindByNameAsync(OperatorName))!;
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
    }

    private IDbContextFactory<ConnectDbContext> Contexts => _factory.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();

    public async ValueTask DisposeAsync()
    {
        _script.ReleaseAll();
        foreach (var connection in _connections) await connection.DisposeAsync();
        await _root.DisposeAsync();
    }

    /// <summary>What one hub client received.</summary>
    private sealed class Inbox
    {
        public ConcurrentQueue<FeedProgressSnapshot> Snapshots { get; } = new();
        public ConcurrentQueue<FeedLogLine> Log { get; } = new();

        public Task WaitForAsync(Func<FeedProgressSnapshot, bool> match) => Until(() => Snapshots.Any(match), "a snapshot");

        public Task WaitForLogAsync(Func<FeedLogLine, bool> match) => Until(() => Log.Any(match), "a log line");

        private static async Task Until(Func<bool> condition, string what)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(Patience);
            while (!condition())
            {
                if (timeout.IsCancellationRequested) throw new TimeoutException($"No matching {what} arrived within {Patience.TotalSeconds} s.");
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }
}

/// <summary>Holds each test feed run until the test releases its integration.</summary>
public sealed class GatedFeedScript
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _gates = new();

    public Task GateOf(int integrationId) => _gates.GetOrAdd(integrationId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Release(int integrationId) => _gates.GetOrAdd(integrationId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public void ReleaseAll()
    {
        foreach (var gate in _gates.Values) gate.TrySetResult();
    }
}

/// <summary>Reports progress until released, then logs one line and succeeds.</summary>
public sealed class GatedTestFeed(GatedFeedScript script) : IFeed
{
    public FeedKind Kind => FeedKind.ImportNewProducts;

    public async Task<FeedOutcome> RunAsync(FeedContext context, CancellationToken cancellationToken)
    {
        var gate = script.GateOf(context.IntegrationId);
        var processed = 0;
        while (!gate.IsCompleted)
        {
            context.Report(new FeedCounts(++processed, 0, 0, 0, 0));
            await Task.WhenAny(gate, Task.Delay(50, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
        await context.LogAsync(FeedLogLevel.Info, "Test records imported.", externalId: "1", recordKind: "product", recordId: 1);
        return FeedOutcome.Of(processed: processed, created: processed);
    }
}
