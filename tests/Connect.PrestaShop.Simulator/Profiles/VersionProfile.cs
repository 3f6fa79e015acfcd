namespace Connect.PrestaShop.Simulator.Profiles;

/// <summary>What differs between PrestaShop versions as far as a webservice client can see (WEBSERVICE.md §17).</summary>
public sealed record VersionProfile(
    string Name,
    string PswsVersion,
    bool Json,
    bool Patch,
    bool OrderCarrierSendEmail,
    bool ProductSuppliersReadOnly,
    bool PhpWarnings,
    bool AllowsAdvancedStockManagement,
    IReadOnlySet<string> RemovedFields)
{
    /// <summary>Fields added after 1.6 (isbn, mpn, state, low stock alerts, delivery times) and the 1.7 stock location.</summary>
    private static readonly HashSet<string> Before17 =
    [
        "products.isbn", "products.mpn", "products.state", "products.low_stock_threshold", "products.low_stock_alert",
        "products.additional_delivery_times", "products.delivery_in_stock", "products.delivery_out_stock", "products.product_type",
        "combinations.isbn", "combinations.mpn", "combinations.low_stock_threshold", "combinations.low_stock_alert",
        "stock_availables.location", "order_details.product_isbn", "order_details.product_mpn",
    ];

    public static readonly VersionProfile V15 = new("1.5", "1.5.6.3", false, false, false, true, false, true, Before17);
    public static readonly VersionProfile V16 = new("1.6", "1.6.1.24", true, false, false, false, false, true, Before17);
    public static readonly VersionProfile V17 = new("1.7", "1.7.8.11", true, false, true, false, false, false, new HashSet<string> { "products.product_type" });
    public static readonly VersionProfile V8 = new("8", "8.1.2", true, true, true, false, true, false, new HashSet<string>());
    public static readonly VersionProfile V9 = new("9", "9.0.1", true, true, true, false, true, false, new HashSet<string>());

    public bool Removes(string resource, string field) => RemovedFields.Contains($"{resource}.{field}");

    /// <summary>"1.5", "1.6", "1.7", "8", "8.1", "9" (or a full version such as 1.6.1.24).</summary>
    public static VersionProfile Parse(string version) => version.Trim() switch
    {
        var v when v.StartsWith("1.5", StringComparison.Ordinal) => V15,
        var v when v.StartsWith("1.6", StringComparison.Ordinal) => V16,
        var v when v.StartsWith("1.7", StringComparison.Ordinal) => V17,
        var v when v.StartsWith('8') => V8,
        var v when v.StartsWith('9') => V9,
        var v => throw new ArgumentException($"Unknown PrestaShop version '{v}' (use 1.5, 1.6, 1.7, 8 or 9)."),
    };
}
