using System.Globalization;

namespace Connect.Benchmarks.Harness;

/// <summary>
/// What to measure, from the command line:
/// <c>--products 10000 --suppliers 50 --orders 0 --latency 20 --concurrency 4 --sample 200 --only "update" --output RESULTS.md</c>.
/// </summary>
public sealed record BenchmarkOptions
{
    public int Products { get; init; } = 10_000;
    public int Suppliers { get; init; } = 50;
    /// <summary>Orders of the generated shop, for the order scenarios.</summary>
    public int Orders { get; init; } = 50_000;
    /// <summary>Per-request latency of the simulated shop.</summary>
    public double LatencyMs { get; init; } = 20;
    /// <summary>Server time per product row read with display=full (fewer fields cost less; see ServerCost).</summary>
    public double ProductRowMs { get; init; } = 6;
    public double CombinationRowMs { get; init; } = 1;
    public double OrderRowMs { get; init; } = 1.7;
    /// <summary>Every other resource, per row with display=full.</summary>
    public double OtherRowMs { get; init; } = 0.25;
    /// <summary>The integration's request concurrency (Connect's default is 4).</summary>
    public int Concurrency { get; init; } = 4;
    /// <summary>Records fetched one by one to time the per-record pattern, then extrapolated.</summary>
    public int Sample { get; init; } = 200;
    /// <summary>Run only the scenarios whose name contains this text, or one of these comma-separated texts (case-insensitive).</summary>
    public string? Only { get; init; }

    public bool Includes(IScenario scenario) =>
        Only is null || Only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(text => scenario.Name.Contains(text, StringComparison.OrdinalIgnoreCase));
    public string Output { get; init; } = Path.Combine("tests", "Connect.Benchmarks", "RESULTS.md");

    public static BenchmarkOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Unexpected argument '{args[i]}'; options look like --products 10000.");
            values[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }
        var defaults = new BenchmarkOptions();
        double Number(string name, double fallback) =>
            values.Remove(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var options = new BenchmarkOptions
        {
            Products = (int)Number("products", defaults.Products),
            Suppliers = (int)Number("suppliers", defaults.Suppliers),
            Orders = (int)Number("orders", defaults.Orders),
            LatencyMs = Number("latency", defaults.LatencyMs),
            ProductRowMs = Number("product-row-ms", defaults.ProductRowMs),
            CombinationRowMs = Number("combination-row-ms", defaults.CombinationRowMs),
            OrderRowMs = Number("order-row-ms", defaults.OrderRowMs),
            OtherRowMs = Number("row-ms", defaults.OtherRowMs),
            Concurrency = (int)Number("concurrency", defaults.Concurrency),
            Sample = (int)Number("sample", defaults.Sample),
            Only = values.Remove("only", out var only) ? only : null,
            Output = values.Remove("output", out var output) ? output : defaults.Output,
        };
        if (values.Count > 0)
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}. See tests/Connect.Benchmarks/README.md.");
        return options;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Products:N0} products, {Suppliers} suppliers, {Orders:N0} orders, latency {LatencyMs} ms per request, server time per full row: product {ProductRowMs} ms, combination {CombinationRowMs} ms, order {OrderRowMs} ms, other {OtherRowMs} ms (20% of it + the share of fields read), request concurrency {Concurrency}");
}
