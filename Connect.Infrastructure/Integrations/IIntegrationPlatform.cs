namespace Connect.Infrastructure.Integrations;

/// <summary>
/// What the portal needs from a shop platform to set up an integration: test a connection and read the lists an admin
/// maps (order states, carriers, payment strings). One implementation per platform (PrestaShop today), registered by the
/// platform's own AddXxx(); pages never see platform types.
/// </summary>
public interface IIntegrationPlatform
{
    /// <summary>The value stored in <c>Integration.Platform</c>, e.g. "PrestaShop".</summary>
    string Name { get; }

    /// <summary>Checks the shop the way the feeds will use it. Never throws for shop-side problems: they are in the report.</summary>
    Task<ConnectionReport> TestConnectionAsync(ShopConnection connection, CancellationToken ct = default);

    /// <summary>The shop's order states with the flags the default import rules are derived from.</summary>
    Task<IReadOnlyList<ShopOrderState>> GetOrderStatesAsync(ShopConnection connection, CancellationToken ct = default);

    /// <summary>The shop's carriers (not deleted), identified by their stable reference.</summary>
    Task<IReadOnlyList<ShopCarrier>> GetCarriersAsync(ShopConnection connection, CancellationToken ct = default);

    /// <summary>Distinct payment strings of the shop's most recent orders (at most <paramref name="maxOrders"/> orders read).</summary>
    Task<IReadOnlyList<string>> GetPaymentNamesAsync(ShopConnection connection, int maxOrders = 500, CancellationToken ct = default);
}

/// <summary>Where a shop is and how to authenticate. The key is plain text here: keep it in memory only.</summary>
public sealed record ShopConnection(string Url, string ApiKey, int? ShopId = null, int RequestConcurrency = 4)
{
    // The key must never reach a log through the record's generated ToString.
    public override string ToString() => $"ShopConnection {{ Url = {Url}, ApiKey = ***, ShopId = {ShopId} }}";
}

/// <summary>A problem found by a connection test, in words an admin can act on.</summary>
public sealed record ConnectionProblem(ProblemSeverity Severity, string Title, string Fix);

public enum ProblemSeverity
{
    /// <summary>Worth knowing; saving is allowed.</summary>
    Advice,
    /// <summary>Some features will not work; saving needs an explicit acknowledgement.</summary>
    Warning,
    /// <summary>Connect cannot run against this shop as it is; saving is refused.</summary>
    Blocking,
}

/// <summary>One shop of a multistore installation.</summary>
public sealed record ShopChoice(int Id, string Name);

/// <summary>The outcome of a connection test, platform-neutral.</summary>
public sealed record ConnectionReport(
    string? Version,
    string? ShopName,
    IReadOnlyList<ShopChoice> Shops,
    IReadOnlyList<ConnectionProblem> Problems)
{
    public IEnumerable<ConnectionProblem> Blocking => Problems.Where(p => p.Severity == ProblemSeverity.Blocking);
    public IEnumerable<ConnectionProblem> Warnings => Problems.Where(p => p.Severity == ProblemSeverity.Warning);
    public IEnumerable<ConnectionProblem> Advice => Problems.Where(p => p.Severity == ProblemSeverity.Advice);

    /// <summary>Nothing blocks: the integration may be saved (warnings need an acknowledgement).</summary>
    public bool CanSave => !Blocking.Any();

    public bool NeedsAcknowledgement => Warnings.Any();

    /// <summary>The ISO code of the shop's default currency, in which its catalog prices are (null when the shop did not say).</summary>
    public string? Currency { get; init; }

    /// <summary>True when the key itself was refused (wrong, disabled, or not sent through by the shop's server).</summary>
    public bool AuthenticationFailed { get; init; }

    /// <summary>The shop is a multistore installation: the admin chooses which shop this integration serves.</summary>
    public bool IsMultistore => Shops.Count > 1;

    /// <summary>The name of the shop an integration serves: the chosen shop of a multistore installation, else the shop's own name.</summary>
    public string? ShopNameFor(int? shopId) =>
        shopId is { } id && Shops.FirstOrDefault(s => s.Id == id) is { } chosen ? chosen.Name : ShopName ?? (Shops.Count == 1 ? Shops[0].Name : null);

    /// <summary>One sentence for a snackbar or a field error: the first blocking problem with its fix.</summary>
    public string? Summary => Blocking.FirstOrDefault() is { } p ? $"{p.Title}. {p.Fix}" : null;
}

/// <summary>A shop order state; flags are derived by the platform from its own data.</summary>
public sealed record ShopOrderState(string Id, string Name, bool Paid, bool Shipped, bool Delivered,
    bool Cancelled = false, bool Refunded = false, bool PaymentError = false);

/// <summary>A shop carrier; Reference survives edits in the shop (PrestaShop's id_reference).</summary>
public sealed record ShopCarrier(string Reference, string Name, bool Active);

/// <summary>The shop could not be read; the message says what happened and how to fix it.</summary>
public sealed class ShopAccessException(string message, bool authenticationFailed, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The key was refused: the page should mention the key and CGI mode.</summary>
    public bool AuthenticationFailed { get; } = authenticationFailed;
}
