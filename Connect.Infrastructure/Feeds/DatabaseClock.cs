using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Feeds;

/// <summary>
/// The database server's current UTC time. Leases are taken, renewed and judged by this one clock, shared by every
/// instance, so a server whose own clock runs fast cannot think another instance's lease has expired.
/// </summary>
internal static class DatabaseClock
{
    public static async Task<DateTime> UtcNowAsync(this ConnectDbContext db, CancellationToken cancellationToken = default)
    {
        var sql = db.Database.IsSqlServer()
            ? "SELECT SYSUTCDATETIME() AS [Value]"
            : "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') AS \"Value\"";
        var now = await db.Database.SqlQueryRaw<DateTime>(sql).SingleAsync(cancellationToken);
        return DateTime.SpecifyKind(now, DateTimeKind.Utc);
    }
}
