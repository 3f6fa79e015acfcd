using System.Globalization;
using System.Runtime.InteropServices;

namespace Connect.PrestaShop.Simulator;

// An explicit entry point: a top-level Program would clash with Connect.Web's public Program in test projects that reference both.
internal static class SimulatorProgram
{
    public static async Task Main(string[] args)
    {
        // dotnet run --project tests/Connect.PrestaShop.Simulator -- --port 5080 [--version 1.6] [--key KEY]
        //   [--products 10000 --orders 50000 --seed 42] [--asm] [--allow-patch]
        //   faults: [--latency-ms 200] [--error-rate 0.1] [--error-status 503] [--fail-next 3] [--hang] [--html-page 503]
        //           [--strip-auth] [--bad-key] [--disabled] [--php-warnings] [--fault-resource stock_availables] [--fault-method PUT]
        //           [--bom] [--php-notices] [--control-chars]
        //   server time: [--row-cost-ms 1.5] (per row with display=full; fewer fields cost less)
        var opts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) continue;
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            opts[args[i][2..]] = hasValue ? args[++i] : "true";
        }
        if (opts.ContainsKey("help"))
        {
            Console.WriteLine("Options: --port N --host IP --version 1.5|1.6|1.7|8|9 --key KEY --products N --orders N --suppliers N --seed N --asm --allow-patch");
            Console.WriteLine("Faults:  --latency-ms N --error-rate 0..1 --error-status N --fail-next N --hang --html-page 200|503 --strip-auth --bad-key --disabled --php-warnings --fault-resource R --fault-method M --bom --php-notices --control-chars");
            Console.WriteLine("Server:  --row-cost-ms N (time per row read with display=full)");
            return;
        }
        int Int(string name, int fallback) => opts.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var options = new SimulatorOptions
        {
            Port = Int("port", 5080),
            Host = opts.GetValueOrDefault("host", "127.0.0.1"),
            Version = opts.GetValueOrDefault("version", "8"),
            ApiKey = opts.GetValueOrDefault("key", SimulatorOptions.DemoApiKey),
            Products = Int("products", 0),
            Orders = Int("orders", 0),
            Suppliers = Int("suppliers", 0),
            RandomSeed = Int("seed", 42),
            AdvancedStockManagement = opts.ContainsKey("asm"),
            AllowPatch = opts.ContainsKey("allow-patch"),
        };
        var started = DateTime.UtcNow;
        await using var shop = await SimulatedShop.StartAsync(options);
        var f = shop.Faults;
        f.OnlyResource = opts.GetValueOrDefault("fault-resource");
        f.OnlyMethod = opts.GetValueOrDefault("fault-method");
        f.Latency = TimeSpan.FromMilliseconds(Int("latency-ms", 0));
        f.ErrorRate = opts.TryGetValue("error-rate", out var rate) ? double.Parse(rate, CultureInfo.InvariantCulture) : 0;
        f.ErrorStatus = Int("error-status", 500);
        if (Int("fail-next", 0) > 0) f.FailNext(Int("fail-next", 0), Int("error-status", 500));
        f.Hang = opts.ContainsKey("hang");
        f.HtmlPageStatus = opts.ContainsKey("html-page") ? Int("html-page", 503) : null;
        f.StripAuthorizationHeader = opts.ContainsKey("strip-auth");
        f.BadKey = opts.ContainsKey("bad-key");
        f.WebserviceDisabled = opts.ContainsKey("disabled");
        f.PhpWarningsAfterWrite = opts.ContainsKey("php-warnings");
        if (opts.TryGetValue("row-cost-ms", out var rowCost))
            shop.Costs.PerRow = TimeSpan.FromMilliseconds(double.Parse(rowCost, CultureInfo.InvariantCulture));
        f.ByteOrderMark = opts.ContainsKey("bom");
        f.PhpNoticesBeforeXml = opts.ContainsKey("php-notices");
        f.ControlCharactersInFields = opts.ContainsKey("control-chars");

        Console.WriteLine($"PrestaShop {shop.Profile.PswsVersion} webservice simulator ready in {(DateTime.UtcNow - started).TotalSeconds:0.0}s");
        Console.WriteLine($"  URL: {shop.BaseUrl}api/");
        Console.WriteLine($"  Key: {shop.ApiKey}");
        Console.WriteLine($"  Data: {shop.State.Table("products").Count} products, {shop.State.Table("combinations").Count} combinations, {shop.State.Table("orders").Count} orders");
        Console.WriteLine("Press Ctrl+C to stop.");
        // SIGINT (Ctrl+C, kill -INT) and SIGTERM (kill, docker stop, systemd) both stop the shop cleanly.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await done.Task;
        Console.WriteLine("Stopping.");

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            done.TrySetResult();
        }
    }
}
