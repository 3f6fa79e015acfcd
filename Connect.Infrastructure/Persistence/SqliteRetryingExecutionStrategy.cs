using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;

namespace Connect.Infrastructure.Persistence;

/// <summary>
/// Retries SQLite's transient "database is busy/locked" failures. Being a retrying strategy it also makes EF refuse
/// user-initiated transactions outside <c>CreateExecutionStrategy().ExecuteAsync</c>, exactly as SQL Server's
/// retry-on-failure does, so a multi-step write that forgets the strategy fails on the embedded database (and in CI) too.
/// </summary>
public sealed class SqliteRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, DefaultMaxRetryCount, TimeSpan.FromSeconds(5))
{
    private const int Busy = 5, Locked = 6;

    protected override bool ShouldRetryOn(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: Busy or Locked };
}
