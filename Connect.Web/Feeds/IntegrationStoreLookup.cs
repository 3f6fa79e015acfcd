using System.Collections.Concurrent;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Web.Feeds;

/// <summary>
/// Which store an integration belongs to, for routing live feed messages to the users of that store. Snapshots come
/// about four times a second per run, so answers are cached; an entry lives <see cref="Lifetime"/>, so an integration
/// moved to another store is routed right within that time, or at once when whoever moves it calls <see cref="Forget"/>.
/// </summary>
public sealed class IntegrationStoreLookup(IDbContextFactory<ConnectDbContext> contexts, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    // The lookup task itself is cached, so the messages that arrive while the first lookup runs share it.
    private readonly ConcurrentDictionary<int, (Task<int?> Store, DateTimeOffset Expires)> _cache = new();

    /// <summary>The integration's store id, or null when the integration does not exist (any more).</summary>
    public async Task<int?> StoreOfAsync(int integrationId)
    {
        var now = time.GetUtcNow();
        var entry = _cache.AddOrUpdate(integrationId,
            id => (ReadAsync(id), now + Lifetime),
            (id, cached) => cached.Expires > now && !cached.Store.IsFaulted ? cached : (ReadAsync(id), now + Lifetime));
        try { return await entry.Store; }
        catch
        {
            // A failed read is not remembered: the next message tries again.
            _cache.TryRemove(new KeyValuePair<int, (Task<int?>, DateTimeOffset)>(integrationId, entry));
            throw;
        }
    }

    /// <summary>Drops what is known of an integration (call it when its store changes or it is deleted).</summary>
    public void Forget(int integrationId) => _cache.TryRemove(integrationId, out _);

    private async Task<int?> ReadAsync(int integrationId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Integrations.AsNoTracking().Where(i => i.Id == integrationId).Select(i => (int?)i.StoreId).SingleOrDefaultAsync();
    }
}
