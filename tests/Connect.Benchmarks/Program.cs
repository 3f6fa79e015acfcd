using System.Globalization;
using Connect.Benchmarks.Harness;

namespace Connect.Benchmarks;

// dotnet run -c Release --project tests/Connect.Benchmarks -- --products 10000 --latency 20   (options: README.md)
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        BenchmarkOptions options;
        try { options = BenchmarkOptions.Parse(args); }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var ct = cancel.Token;
        var started = DateTime.UtcNow;
        var loadBefore = LoadAverage();

        Console.WriteLine($"Generating the shop: {options.Describe()}");
        await using var context = await BenchmarkContext.StartAsync(options, ct);
        var results = new List<ScenarioResult>();
        foreach (var scenario in ScenarioList.All().Where(options.Includes))
        {
            Console.WriteLine($"{scenario.Name}: preparing");
            await scenario.PrepareAsync(context, ct);
            Console.WriteLine($"{scenario.Name}: Connect");
            var (connect, records) = await Measurement.RunAsync(context.Traffic, () => scenario.RunConnectAsync(context, ct));
            Console.WriteLine($"{scenario.Name}: floor");
            var (floor, _) = await Measurement.RunAsync(context.Traffic, async () => { await scenario.FloorAsync(context, ct); return 0; });
            Console.WriteLine($"{scenario.Name}: per-record pattern on {options.Sample} records");
            var perRecord = await scenario.PerRecordAsync(context, options.Sample, ct);
            var result = new ScenarioResult(scenario.Name, scenario.Unit, records, connect, floor, perRecord, scenario.Notes);
            results.Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {records:N0} {scenario.Unit} in {connect.Wall.TotalSeconds:0.0} s ({result.RecordsPerSecond:N0}/s, {connect.Requests:N0} requests), floor {floor.Wall.TotalSeconds:0.0} s, Connect/floor {result.VersusFloor:0.00}, per-record {perRecord.Extrapolated.TotalSeconds:N0} s, speed-up {result.SpeedUp:0}x, peak {connect.PeakWorkingSet / 1e6:N0} MB"));
            foreach (var note in scenario.Notes) Console.WriteLine($"  {note}");
        }

        var machine = string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, load average {loadBefore} before and {LoadAverage()} after the run (other work shares the machine).");
        var report = ScenarioResult.Markdown(options, results, machine, started);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
        await File.WriteAllTextAsync(options.Output, report, ct);
        Console.WriteLine();
        Console.WriteLine(report);
        Console.WriteLine($"Written to {Path.GetFullPath(options.Output)}");
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
