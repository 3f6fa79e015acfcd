using System.Collections.Concurrent;

namespace Connect.PrestaShop.Simulator;

/// <summary>
/// The time a real shop spends building an answer, added to each read so that benchmarks see what PrestaShop costs:
/// a row read with display=full costs <see cref="PerRow"/> (or the resource's own cost), a row read with a few fields costs
/// a fixed share of it plus the rest in proportion to the fields asked (loading the object is paid whatever is printed).
/// The wait is a delay, not CPU work, so parallel requests gain what they gain on a shop with several PHP workers.
/// Settable at runtime from any thread; zero (the default) adds nothing.
/// </summary>
public sealed class ServerCost
{
    private readonly ConcurrentDictionary<string, TimeSpan> byResource = new(StringComparer.Ordinal);

    /// <summary>Cost of one row printed with display=full, for resources without their own.</summary>
    public TimeSpan PerRow { get; set; }

    /// <summary>Share (0..1) of a full row's cost paid even when few fields are printed.</summary>
    public double FixedShare { get; set; } = 0.2;

    /// <summary>Cost of one row of <paramref name="resource"/> printed with display=full (e.g. products 6 ms, orders 1.7 ms).</summary>
    public void SetPerRow(string resource, TimeSpan cost) => byResource[resource] = cost;

    public void Reset()
    {
        PerRow = TimeSpan.Zero;
        FixedShare = 0.2;
        byResource.Clear();
    }

    /// <summary>The time to answer <paramref name="rows"/> rows showing <paramref name="fieldShare"/> (0..1) of the resource's fields.</summary>
    public TimeSpan For(string resource, int rows, double fieldShare)
    {
        var full = byResource.TryGetValue(resource, out var own) ? own : PerRow;
        if (full <= TimeSpan.Zero || rows <= 0) return TimeSpan.Zero;
        var share = FixedShare + (1 - FixedShare) * Math.Clamp(fieldShare, 0, 1);
        return TimeSpan.FromTicks((long)(full.Ticks * share * rows));
    }
}
