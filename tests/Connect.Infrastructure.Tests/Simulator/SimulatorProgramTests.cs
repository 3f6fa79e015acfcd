using System.Diagnostics;
using Connect.PrestaShop.Simulator;

namespace Connect.Infrastructure.Tests.Simulator;

/// <summary>The standalone simulator as people run it: a process that stops on the usual signals.</summary>
public sealed class SimulatorProgramTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Standalone_simulator_stops_cleanly_on_a_signal(string signal)
    {
        var folder = Path.GetDirectoryName(typeof(SimulatedShop).Assembly.Location)!;
        using var simulator = Process.Start(new ProcessStartInfo(Path.Combine(folder, "Connect.PrestaShop.Simulator"), "--port 0")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        })!;
        try
        {
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line;
            do line = await simulator.StandardOutput.ReadLineAsync(ready.Token);
            while (line is not null && !line.StartsWith("Press Ctrl+C", StringComparison.Ordinal));
            line.ShouldNotBeNull("the simulator ended before it was ready");

            using (var kill = Process.Start("kill", $"-{signal} {simulator.Id}")) await kill.WaitForExitAsync();
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await simulator.WaitForExitAsync(stopped.Token);

            simulator.ExitCode.ShouldBe(0);
        }
        finally
        {
            if (!simulator.HasExited) simulator.Kill(entireProcessTree: true);
        }
    }
}
