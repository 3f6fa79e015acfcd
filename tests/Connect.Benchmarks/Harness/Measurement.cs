using System.Diagnostics;

namespace Connect.Benchmarks.Harness;

/// <summary>Wall time, requests, response bytes and peak working set of one measured piece of work.</summary>
/// <param name="StartWorkingSet">The working set when the work started (the shop and earlier state): the peak minus it is what the work added.</param>
public sealed record Measurement(TimeSpan Wall, long Requests, long Bytes, long PeakWorkingSet, TimeSpan Cpu, long StartWorkingSet)
{
    /// <summary>Runs <paramref name="work"/> and measures it; the working set is sampled every 20 ms (whole process, simulator included).</summary>
    public static async Task<(Measurement Measurement, T Result)> RunAsync<T>(Traffic traffic, Func<Task<T>> work)
    {
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var (requests, bytes) = traffic.Snapshot();
        var cpu = process.TotalProcessorTime;
        process.Refresh();
        var start = process.WorkingSet64;
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                try { await Task.Delay(20, stop.Token); }
                catch (OperationCanceledException) { break; }
            }
        });
        var clock = Stopwatch.StartNew();
        var result = await work();
        clock.Stop();
        await stop.CancelAsync();
        await sampler;
        process.Refresh();
        var (requestsAfter, bytesAfter) = traffic.Snapshot();
        return (new Measurement(clock.Elapsed, requestsAfter - requests, bytesAfter - bytes, Math.Max(peak, process.WorkingSet64),
            process.TotalProcessorTime - cpu, start), result);
    }
}
