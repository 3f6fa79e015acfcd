namespace Connect.Benchmarks.Harness;

/// <summary>
/// One benchmark scenario: a Connect run, the same data read raw (the floor) and the per-record pattern. To add one (orders,
/// stock, shipping...), write a class implementing this interface and list it in <see cref="ScenarioList"/>; the runner
/// measures and reports it. Scenarios run in the listed order on one shop and one database, so a scenario may build on the
/// state the earlier ones left, and must bring what it needs in <see cref="PrepareAsync"/> when run alone (--only).
/// </summary>
public interface IScenario
{
    string Name { get; }

    /// <summary>What a record is, plural ("SKUs", "supplier rows").</summary>
    string Unit { get; }

    /// <summary>Brings the shop and Connect to this scenario's starting state; not measured.</summary>
    Task PrepareAsync(BenchmarkContext context, CancellationToken ct);

    /// <summary>Connect's real run (engine, database, client); returns the records handled.</summary>
    Task<int> RunConnectAsync(BenchmarkContext context, CancellationToken ct);

    /// <summary>Reads the data the run needs, raw (no parsing, no database), with the same page size and concurrency.</summary>
    Task FloorAsync(BenchmarkContext context, CancellationToken ct);

    /// <summary>
    /// The per-record pattern of common connectors: one list call, then one GET per record, one at a time. Runs the list and
    /// <paramref name="sample"/> records; the runner extrapolates to <see cref="PerRecordSample.Total"/>.
    /// </summary>
    Task<PerRecordSample> PerRecordAsync(BenchmarkContext context, int sample, CancellationToken ct);

    /// <summary>What the table's columns do not say (latency percentiles, query times, writes per product), read after the run.</summary>
    IReadOnlyList<string> Notes => [];
}

/// <summary>
/// What the per-record pattern did on its sample: the list call's time, how many of the <paramref name="Total"/> list
/// entries it fetched one by one and how long that took.
/// </summary>
public sealed record PerRecordSample(int Total, TimeSpan ListTime, int Sampled, TimeSpan SampleTime, long SampleRequests)
{
    public TimeSpan Extrapolated => ListTime + (Sampled == 0 ? TimeSpan.Zero : SampleTime / Sampled * Total);
    public double RequestsPerEntry => Sampled == 0 ? 0 : (double)SampleRequests / Sampled;

    /// <summary>For a scenario no connector does record by record (a database query, a latency): the table says n/a.</summary>
    public static PerRecordSample NotApplicable { get; } = new(0, TimeSpan.Zero, 0, TimeSpan.Zero, 0);
}
