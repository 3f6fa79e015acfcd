namespace Connect.Infrastructure.Integrations.PrestaShop.Api;

/// <summary>A (resource, method) the key lacks, with the box the admin has to tick.</summary>
public sealed record MissingPermission(string Resource, string Method)
{
    public string Fix => $"Tick {Method} for '{Resource}' in Advanced Parameters > Webservice > your key, then save.";
}

/// <summary>What the integration wizard shows after testing a connection.</summary>
public sealed record PrestaShopConnectionTestResult(
    PrestaShopVersion? Version,
    string ShopName,
    IReadOnlyList<string> ShopNames,
    IReadOnlyList<MissingPermission> MissingPermissions,
    bool StockManagementEnabled,
    bool AsmEnabled,
    bool DependsOnStockRowsFound,
    bool AuthorizationHeaderStripped,
    PrestaShopException? Failure,
    string? Currency = null)
{
    public bool Success => Failure is null && MissingPermissions.Count == 0;

    /// <summary>Why the key ended up in URLs, and how to stop it.</summary>
    public string? AuthorizationHeaderAdvice => AuthorizationHeaderStripped
        ? "A key sent that way can end up in access logs. In Advanced Parameters > Webservice set 'Enable CGI mode for PHP' to Yes (or add 'CGIPassAuth On' to the shop's .htaccess)."
        : null;
}

/// <summary>Checks a shop the way the feeds will use it: key, version, permissions, shops, stock management.</summary>
public static class PrestaShopConnectionTest
{
    /// <summary>What Connect's feeds call on a shop.</summary>
    public static IReadOnlyList<(string Resource, HttpMethod Method)> DefaultRequirements { get; } =
    [
        .. new[]
        {
            "products", "combinations", "product_option_values", "product_options", "stock_availables", "images",
            "orders", "order_details", "order_histories", "order_carriers", "order_states", "carriers", "customers",
            "addresses", "suppliers", "product_suppliers", "shops", "configurations", "languages", "currencies",
        }.Select(r => (r, HttpMethod.Get)),
        ("stock_availables", HttpMethod.Put),
        ("order_carriers", HttpMethod.Put),
        ("order_histories", HttpMethod.Post),
    ];

    /// <summary>The required pairs the root listing does not allow (a resource missing from the listing counts as not allowed).</summary>
    public static IReadOnlyList<MissingPermission> FindMissing(ApiRoot root,
        IEnumerable<(string Resource, HttpMethod Method)> required) =>
        required
            .Where(r => !(root.Resources.TryGetValue(r.Resource, out var p) && p.Allows(r.Method)))
            .Select(r => new MissingPermission(r.Resource, r.Method.Method))
            .ToList();

    public static async Task<PrestaShopConnectionTestResult> RunAsync(PrestaShopClient client,
        IEnumerable<(string Resource, HttpMethod Method)>? required = null, CancellationToken ct = default)
    {
        ApiRoot root;
        try
        {
            root = await client.GetRootAsync(ct);
        }
        catch (PrestaShopException ex)
        {
            return new(client.Version, "", [], [], false, false, false, client.AuthorizationHeaderStripped, ex);
        }

        var missing = FindMissing(root, required ?? DefaultRequirements);
        bool Allowed(string resource) => root.Resources.TryGetValue(resource, out var p) && p.Get;

        try
        {
            var shops = Allowed("shops") ? (await client.GetShopsAsync(ct)).Select(s => s.Name).ToList() : [root.ShopName];
            var (stock, asm) = Allowed("configurations") ? await client.GetStockManagementAsync(ct) : (false, false);
            var dependsRows = Allowed("stock_availables") && await client.HasDependsOnStockRowsAsync(ct);
            var currency = Allowed("configurations") && Allowed("currencies") ? await client.GetDefaultCurrencyAsync(ct) : null;
            return new(client.Version, root.ShopName, shops, missing, stock, asm || dependsRows, dependsRows,
                client.AuthorizationHeaderStripped, null, currency);
        }
        catch (PrestaShopException ex)
        {
            return new(client.Version, root.ShopName, [], missing, false, false, false, client.AuthorizationHeaderStripped, ex);
        }
    }
}

public sealed partial class PrestaShopClient
{
    /// <summary>Runs <see cref="PrestaShopConnectionTest"/> with Connect's default requirements.</summary>
    public Task<PrestaShopConnectionTestResult> TestConnectionAsync(CancellationToken ct = default) =>
        PrestaShopConnectionTest.RunAsync(this, null, ct);
}
