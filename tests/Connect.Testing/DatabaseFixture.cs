using System.Data.Common;
using Connect.Infrastructure.Persistence;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Respawn;
using Xunit;

namespace Connect.Testing;

/// <summary>
/// A real, migrated database shared by the tests of a collection and emptied by Respawn before each test.
/// SQLite always; SQL Server too when CONNECT_TEST_SQLSERVER holds a connection string. Contexts are built with the
/// production options (<see cref="PersistenceModule"/>), retrying execution strategy included, so a multi-step write
/// outside the strategy fails here as it would in production.
/// </summary>
public abstract class DatabaseFixture : IAsyncLifetime
{
    private Respawner? _respawner;

    public abstract string ProviderName { get; }
    public IDbContextFactory<ConnectDbContext> Contexts { get; private set; } = null!;

    /// <summary>Why this database cannot run here, or null when it can.</summary>
    public virtual string? Unavailable => null;

    protected abstract ConnectDbContext NewContext();
    protected abstract DbConnection OpenConnection();
    protected abstract IDbAdapter Adapter { get; }

    public ConnectDbContext CreateContext() => Contexts.CreateDbContext();

    /// <summary>Contexts on the same database with interceptors added (to make chosen statements fail like a flaky connection).</summary>
    public IDbContextFactory<ConnectDbContext> ContextsWith(params IInterceptor[] interceptors) => new Factory(() => NewContext(interceptors));

    protected abstract ConnectDbContext NewContext(IInterceptor[] interceptors);

    public async ValueTask InitializeAsync()
    {
        if (Unavailable is not null) return;
        Contexts = new Factory(NewContext);
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    /// <summary>Empties every table but the migration history.</summary>
    public async Task ResetAsync()
    {
        if (Unavailable is not null) Assert.Skip(Unavailable);
        await using var connection = OpenConnection();
        await connection.OpenAsync();
        _respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = Adapter,
            TablesToIgnore = ["__EFMigrationsHistory"],
            WithReseed = true,
        });
        await _respawner.ResetAsync(connection);
    }

    public async Task<T> InsertAsync<T>(T entity) where T : class
    {
        await using var db = CreateContext();
        db.Add(entity);
        await db.SaveChangesAsync();
        return entity;
    }

    public async Task InsertAsync(params object[] entities)
    {
        await using var db = CreateContext();
        db.AddRange(entities);
        await db.SaveChangesAsync();
    }

    public async Task<T?> FindAsync<T>(params object[] keys) where T : class
    {
        await using var db = CreateContext();
        return await db.FindAsync<T>(keys);
    }

    /// <summary>Runs a query on a fresh context, for assertions that must see what was committed.</summary>
    public async Task<TResult> QueryAsync<TResult>(Func<ConnectDbContext, Task<TResult>> query)
    {
        await using var db = CreateContext();
        return await query(db);
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Factory(Func<ConnectDbContext> create) : IDbContextFactory<ConnectDbContext>
    {
        public ConnectDbContext CreateDbContext() => create();
    }
}

public sealed class SqliteDatabaseFixture : DatabaseFixture
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"connect-test-{Guid.NewGuid():N}.db");
    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false, DefaultTimeout = 30 }.ToString();

    public override string ProviderName => "SQLite";
    protected override IDbAdapter Adapter => DbAdapter.Sqlite;

    protected override ConnectDbContext NewContext() => NewContext([]);

    protected override ConnectDbContext NewContext(IInterceptor[] interceptors) =>
        new SqliteConnectDbContext(new DbContextOptionsBuilder<SqliteConnectDbContext>().UseSqlite(ConnectionString, PersistenceModule.ConfigureSqlite)
            .AddInterceptors(interceptors).Options);

    protected override DbConnection OpenConnection() => new SqliteConnection(ConnectionString);

    public override ValueTask DisposeAsync()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
        return ValueTask.CompletedTask;
    }
}

public sealed class SqlServerDatabaseFixture : DatabaseFixture
{
    public const string Variable = "CONNECT_TEST_SQLSERVER";
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable(Variable);

    public override string ProviderName => "SQL Server";
    public override string? Unavailable => string.IsNullOrWhiteSpace(ConnectionString) ? $"{Variable} is not set; SQL Server tests need a connection string." : null;
    protected override IDbAdapter Adapter => DbAdapter.SqlServer;

    protected override ConnectDbContext NewContext() => NewContext([]);

    protected override ConnectDbContext NewContext(IInterceptor[] interceptors) =>
        new SqlServerConnectDbContext(new DbContextOptionsBuilder<SqlServerConnectDbContext>().UseSqlServer(ConnectionString, PersistenceModule.ConfigureSqlServer)
            .AddInterceptors(interceptors).Options);

    protected override DbConnection OpenConnection() => new SqlConnection(ConnectionString);
}

/// <summary>Base class for database tests: the database is reset before each test.</summary>
public abstract class DatabaseTest(DatabaseFixture database) : IAsyncLifetime
{
    protected DatabaseFixture Database { get; } = database;

    public virtual async ValueTask InitializeAsync() => await Database.ResetAsync();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
