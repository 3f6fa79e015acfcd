using System.Collections.Concurrent;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Stores;
using Connect.Infrastructure.Feeds;
using Connect.Testing;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connect.Infrastructure.Tests.Feeds;

/// <summary>A clock the test moves by hand. Timers stay real (the base class), so only "now" is controlled.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() { lock (_lock) return _now; }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by) { lock (_lock) _now += by; }
}

/// <summary>What the fake feeds do, set by each test, and what they saw. Shared by every engine instance of a test.</summary>
public sealed class FeedScript
{
    private int _running;
    private int _maxRunning;

    public ConcurrentDictionary<FeedKind, Func<FeedContext, CancellationToken, Task<FeedOutcome>>> Bodies { get; } = new();
    public ConcurrentQueue<(FeedKind Feed, string? ResumeFrom)> Starts { get; } = new();
    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Signals each time a feed body starts, so a test can act while it runs.</summary>
    public SemaphoreSlim Entered { get; } = new(0);

    internal async Task<FeedOutcome> RunAsync(FeedKind kind, FeedContext context, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        int max;
        while (running > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, running, max) != max) { }
        Starts.Enqueue((kind, context.ResumeFrom));
        try
        {
            Entered.Release();
            var body = Bodies.GetValueOrDefault(kind) ?? ((_, _) => Task.FromResult(FeedOutcome.Of(processed: 1, created: 1)));
            return await body(context, cancellationToken);
        }
        finally { Interlocked.Decrement(ref _running); }
    }
}

public abstract class ScriptedFeed(FeedScript script, FeedKind kind) : IFeed
{
    public FeedKind Kind => kind;
    public Task<FeedOutcome> RunAsync(FeedContext context, CancellationToken cancellationToken) => script.RunAsync(kind, context, cancellationToken);
}

public sealed class FakeProductImport(FeedScript script) : ScriptedFeed(script, FeedKind.ImportNewProducts);
public sealed class FakeProductUpdate(FeedScript script) : ScriptedFeed(script, FeedKind.UpdateProducts);
public sealed class FakeOrderImport(FeedScript script) : ScriptedFeed(script, FeedKind.ImportNewOrders);
public sealed class FakeStockExport(FeedScript script) : ScriptedFeed(script, FeedKind.StockLevelExport);

public sealed class FakeShopDownException(string message) : Exception(message);

/// <summary>Turns the fake platform's own exception into plain words, as a real platform module would.</summary>
public sealed class FakeErrorExplainer : IFeedErrorExplainer
{
    public string? Explain(Exception exception) =>
        exception is FakeShopDownException ? "The shop did not answer. Check that it is online, then run the feed again." : null;
}

/// <summary>One Connect instance's engine over the test database: its own instance id, clock and DI container.</summary>
public sealed class EngineInstance : IAsyncDisposable
{
    public const string Platform = "Fake";
    private readonly ServiceProvider _services;

    public EngineInstance(DatabaseFixture database, FeedScript script, string instanceId, ManualTimeProvider clock, Action<FeedEngineOptions>? configure = null,
        IDbContextFactory<ConnectDbContext>? contexts = null, Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        Clock = clock;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [FeedEngineModule.InstanceIdKey] = instanceId }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            if (logs is null) return;
            b.AddProvider(logs);
            b.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug);
        });
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(contexts ?? database.Contexts);
        services.AddSingleton(script);
        services.AddFeedEngine(configuration);
        services.Configure<FeedEngineOptions>(o =>
        {
            // Watch often so a Stop written by another instance is seen quickly; nothing waits on this timing.
            o.WatchInterval = TimeSpan.FromMilliseconds(50);
            o.TimeZone = TimeZoneInfo.Utc;
            configure?.Invoke(o);
        });
        services.AddFeed<FakeProductImport>(Platform, FeedKind.ImportNewProducts);
        services.AddFeed<FakeProductUpdate>(Platform, FeedKind.UpdateProducts);
        services.AddFeed<FakeOrderImport>(Platform, FeedKind.ImportNewOrders);
        services.AddFeed<FakeStockExport>(Platform, FeedKind.StockLevelExport);
        services.AddSingleton<IFeedErrorExplainer, FakeErrorExplainer>();
        _services = services.BuildServiceProvider();
    }

    public ManualTimeProvider Clock { get; }
    public FeedRunner Runner => _services.GetRequiredService<FeedRunner>();
    public FeedScheduler Scheduler => _services.GetRequiredService<FeedScheduler>();
    public FeedQueries Queries => _services.GetRequiredService<FeedQueries>();
    public IFeedProgressNotifier Notifier => _services.GetRequiredService<IFeedProgressNotifier>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

public static class FeedTestData
{
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    public static async Task<Integration> IntegrationAsync(DatabaseFixture database, string platform = EngineInstance.Platform, bool live = false, string name = "Shop")
    {
        var warehouse = new Warehouse("Main", "MAIN-" + name);
        var store = await database.InsertAsync(new Store("Store " + name, "S-" + name, warehouse));
        var integration = new Integration(name, platform, "https://shop.example", store.Id, Start.UtcDateTime);
        if (live) integration.GoLive();
        return await database.InsertAsync(integration);
    }

    /// <summary>A test gives up after this long instead of hanging; no assertion depends on it.</summary>
    public static CancellationToken Patience => CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken,
        new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token).Token;
}

/// <summary>Keeps what the engine logged, level and text, for a test to read.</summary>
public sealed class CapturedLogs : Microsoft.Extensions.Logging.ILoggerProvider
{
    private readonly ConcurrentQueue<(Microsoft.Extensions.Logging.LogLevel Level, string Text)> _entries = new();

    public IReadOnlyList<(Microsoft.Extensions.Logging.LogLevel Level, string Text)> Entries => [.. _entries];

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(_entries);

    public void Dispose() { }

    private sealed class Logger(ConcurrentQueue<(Microsoft.Extensions.Logging.LogLevel, string)> entries) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
