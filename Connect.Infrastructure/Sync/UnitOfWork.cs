using Connect.Domain.Integrations;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Sync;

/// <summary>One page of intake = one transaction on a fresh context, retried as a whole by the provider's execution strategy.</summary>
internal static class UnitOfWork
{
    public static async Task<T> RunAsync<T>(IDbContextFactory<ConnectDbContext> contexts, Func<ConnectDbContext, Task<T>> work, CancellationToken ct)
    {
        await using var probe = await contexts.CreateDbContextAsync(ct);
        // SQL Server runs with retry-on-failure, which refuses user transactions outside an execution strategy.
        return await probe.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work(db);
            await transaction.CommitAsync(ct);
            return result;
        });
    }

    /// <summary>The links of one kind for a set of external ids, in one query.</summary>
    public static async Task<Dictionary<string, ExternalLink>> LinksAsync(this ConnectDbContext db, int integrationId, ExternalLinkKind kind,
        IReadOnlyCollection<string> externalIds, CancellationToken ct)
    {
        if (externalIds.Count == 0) return new(StringComparer.Ordinal);
        var ids = externalIds.Distinct().ToList();
        return await db.ExternalLinks
            .Where(l => l.IntegrationId == integrationId && l.Kind == kind && ids.Contains(l.ExternalId))
            .ToDictionaryAsync(l => l.ExternalId, StringComparer.Ordinal, ct);
    }
}
