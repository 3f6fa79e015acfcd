using System.Globalization;
using System.Text;

namespace Connect.Benchmarks.Harness;

/// <summary>One scenario's numbers: Connect, the floor, and the per-record pattern extrapolated from its sample.</summary>
public sealed record ScenarioResult(string Name, string Unit, int Records, Measurement Connect, Measurement Floor, PerRecordSample PerRecord,
    IReadOnlyList<string> Notes)
{
    public double RecordsPerSecond => Records / Connect.Wall.TotalSeconds;
    public double RequestsPerRecord => Records == 0 ? 0 : (double)Connect.Requests / Records;
    public double VersusFloor => Connect.Wall / Floor.Wall;
    public double SpeedUp => PerRecord.Extrapolated / Connect.Wall;
    /// <summary>A pure database query reads nothing from the shop: no floor to compare with.</summary>
    public bool HasFloor => Floor.Requests > 0;
    public bool HasPerRecord => PerRecord.Total > 0;

    /// <summary>The markdown report: conditions, the table, and how to read it.</summary>
    public static string Markdown(BenchmarkOptions options, IReadOnlyList<ScenarioResult> results, string machine, DateTime started)
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.AppendLine("# Connect benchmark results").AppendLine();
        sb.AppendLine(c, $"Run {started:yyyy-MM-dd HH:mm} UTC, Release build: {options.Describe()}.").AppendLine();
        sb.AppendLine(c, $"Machine: {machine}").AppendLine();
        sb.AppendLine("| scenario | records | Connect | records/s | requests | requests/record | MB read | peak working set | floor | Connect/floor | per-record pattern (extrapolated) | speed-up |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var floor = r.HasFloor ? string.Create(c, $"{r.Floor.Wall.TotalSeconds:0.0} s ({r.Floor.Requests:N0} req) | {r.VersusFloor:0.00}") : "n/a | n/a";
            var perRecord = r.HasPerRecord
                ? string.Create(c, $"{r.PerRecord.Extrapolated.TotalSeconds:N0} s ({r.PerRecord.Sampled} of {r.PerRecord.Total:N0} timed) | {r.SpeedUp:0}x")
                : "n/a | n/a";
            sb.AppendLine(c, $"| {r.Name} | {r.Records:N0} {r.Unit} | {r.Connect.Wall.TotalSeconds:0.0} s | {r.RecordsPerSecond:N0} | {r.Connect.Requests:N0} | {r.RequestsPerRecord:0.000} | {r.Connect.Bytes / 1e6:0.0} | {r.Connect.PeakWorkingSet / 1e6:N0} MB | {floor} | {perRecord} |");
        }
        sb.AppendLine();
        sb.AppendLine("- **Connect**: the feed run through the engine's Run now (real database on SQLite, real Webservice client), wall time.");
        sb.AppendLine("- **floor**: the same data read raw (plain HTTP, no parsing, no database) with the same page size and request concurrency.");
        sb.AppendLine("- **per-record pattern**: one list call, then one GET per record one at a time (for products: the product, then each of its combinations; for images: the product, then each picture), as common connectors do. Only the first records are timed; the total is the list time plus the per-record time times the list's length.");
        sb.AppendLine("- **peak working set**: the whole benchmark process, which also hosts the simulated shop and its generated catalog and orders.");
        sb.AppendLine(c, $"- Working set when each Connect run started, then peak minus it (what the run added): {string.Join(", ", results.Select(r => string.Create(c, $"{r.Name} {r.Connect.StartWorkingSet / 1e6:N0} MB, +{(r.Connect.PeakWorkingSet - r.Connect.StartWorkingSet) / 1e6:N0} MB")))}.");
        sb.AppendLine(c, $"- CPU time used by the process during each Connect run (the floor's in brackets; both include the simulated shop): {string.Join(", ", results.Select(r => string.Create(c, $"{r.Name} {r.Connect.Cpu.TotalSeconds:0.0} s ({r.Floor.Cpu.TotalSeconds:0.0} s)")))}.");
        foreach (var r in results.Where(r => r.Notes.Count > 0))
            sb.AppendLine(c, $"- **{r.Name}**: {string.Join("; ", r.Notes)}.");
        return sb.ToString();
    }
}
