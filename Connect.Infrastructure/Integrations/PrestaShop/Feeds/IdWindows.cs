using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// The ids one page reads: a closed range (After, UpTo] when the ids are known to exist up to a bound, else the next
/// <see cref="Limit"/> rows after <see cref="After"/> (keyset).
/// </summary>
internal readonly record struct IdWindow(long After, long? UpTo, int Limit)
{
    /// <summary>Adds the id filter and sort of this window to a query on <paramref name="field"/> (id, or id_product for rows of products).</summary>
    public PrestaShopQuery Apply(PrestaShopQuery query, string field = "id") => UpTo is { } upTo
        ? query.Between(field, After + 1, upTo).OrderBy(field)
        : query.GreaterThan(field, After).OrderBy(field).Limit(Limit);
}

/// <summary>A page read for a window: what the feed made of it, how many rows the shop returned and the last id among them.</summary>
internal sealed record WindowRead<TPage>(TPage Page, int Count, long LastId);

/// <summary>A page in id order with the id range it accounts for: every row id in (After, UpTo] is in it or absent from the shop.</summary>
internal sealed record WindowPage<TPage>(long After, long UpTo, TPage Page);

/// <summary>
/// Reads a resource in id order by windows of ids, several windows in flight at once (as many as the client's request
/// concurrency) and hands them out strictly in order, so a feed that commits each page before taking the next keeps "the
/// checkpoint moves only with a committed page" while the shop works on the next pages. Memory stays at a few pages.
/// The windows are id ranges between the first and the last id present when the run starts (adapted to how dense the ids
/// are); rows created after that are read by keyset pages at the end, so nothing added during the run is missed.
/// </summary>
internal static class IdWindows
{
    private const int MaxWidening = 16;

    public static async IAsyncEnumerable<WindowPage<TPage>> ReadAsync<TPage>(PrestaShopClient client, string resource, long after,
        int pageSize, Func<IdWindow, CancellationToken, Task<WindowRead<TPage>>> read,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var (first, last) = await BoundsAsync(client, resource, after, ct);
        var inFlight = new Queue<(long After, long UpTo, Task<WindowRead<TPage>> Read)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            if (first is { } low && last is { } high)
            {
                var next = Math.Max(after, low - 1);
                var width = (long)pageSize;
                var depth = Math.Max(1, client.Options.MaxConcurrency);
                while (next < high || inFlight.Count > 0)
                {
                    while (next < high && inFlight.Count < depth)
                    {
                        var upTo = Math.Min(high, next + width);
                        var window = new IdWindow(next, upTo, pageSize);
                        inFlight.Enqueue((next, upTo, read(window, stop.Token)));
                        next = upTo;
                    }
                    var (from, to, pending) = inFlight.Dequeue();
                    var done = await pending;
                    width = Adapt(width, done.Count, pageSize);
                    yield return new WindowPage<TPage>(from, to, done.Page);
                    after = to;
                }
            }

            // Rows created since the bounds were read (and the whole read when the shop had none): keyset pages.
            while (true)
            {
                var done = await read(new IdWindow(after, null, pageSize), stop.Token);
                if (done.Count == 0) yield break;
                yield return new WindowPage<TPage>(after, done.LastId, done.Page);
                after = done.LastId;
                if (done.Count < pageSize) yield break;
            }
        }
        finally
        {
            // A consumer that stops early (failure, cancellation) must not leave reads running against a disposed client.
            await stop.CancelAsync();
            foreach (var (_, _, pending) in inFlight)
            {
                try { await pending; }
                catch (Exception) { /* the run already failed or stopped; this read's outcome no longer matters */ }
            }
        }
    }

    /// <summary>Wider windows where ids are sparse (deleted rows, gaps), back to the page size where they are dense.</summary>
    private static long Adapt(long width, int count, int pageSize)
    {
        if (count < pageSize / 2 && width < (long)pageSize * MaxWidening) return width * 2;
        if (count > pageSize && width > pageSize) return Math.Max(pageSize, width / 2);
        return width;
    }

    /// <summary>The first and last ids after <paramref name="after"/> (two id-only requests, in parallel); null when there is none.</summary>
    private static async Task<(long? First, long? Last)> BoundsAsync(PrestaShopClient client, string resource, long after, CancellationToken ct)
    {
        var first = client.ListIdsAsync(resource, PrestaShopQuery.Create().GreaterThan("id", after).OrderBy("id").Limit(1), ct);
        var last = client.ListIdsAsync(resource, PrestaShopQuery.Create().GreaterThan("id", after).OrderByDescending("id").Limit(1), ct);
        var (low, high) = (await first, await last);
        return low.Count == 0 || high.Count == 0 ? (null, null) : (low[0], high[0]);
    }
}
