namespace Connect.PrestaShop.Simulator;

/// <summary>How to start a simulated shop.</summary>
public sealed record SimulatorOptions
{
    /// <summary>The fixed demo key (32 characters, like a back-office generated key).</summary>
    public const string DemoApiKey = "CONNECTSIMULATORDEMOKEY000000001";

    /// <summary>"1.5", "1.6", "1.7", "8" (default, behaves as the recorded 8.1.2) or "9".</summary>
    public string Version { get; init; } = "8";
    public string ApiKey { get; init; } = DemoApiKey;
    /// <summary>0 = any free port (tests).</summary>
    public int Port { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>Generate a catalog of this many products instead of the recorded demo shop (0 = demo shop).</summary>
    public int Products { get; init; }
    /// <summary>Suppliers of the generated catalog (0 = the recorded ones).</summary>
    public int Suppliers { get; init; }
    /// <summary>Orders to generate with <see cref="Products"/>.</summary>
    public int Orders { get; init; }
    /// <summary>Seed of the generator and of the random fault rate.</summary>
    public int RandomSeed { get; init; } = 42;
    /// <summary>1.5/1.6 only: PS_ADVANCED_STOCK_MANAGEMENT=1 and every stock row depends_on_stock=1.</summary>
    public bool AdvancedStockManagement { get; init; }
    /// <summary>Give the key the PATCH permission (8+); the recorded key had patch="false".</summary>
    public bool AllowPatch { get; init; }
    /// <summary>Seed folder with the recorded captures; default: Seed/8.1.2 next to the simulator assembly.</summary>
    public string? SeedDirectory { get; init; }
}
