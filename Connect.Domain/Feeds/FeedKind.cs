namespace Connect.Domain.Feeds;

/// <summary>
/// The kinds of data movement, in the order the merchant is advised to set them up: the brief's twelve feeds plus Product sync,
/// the incremental catalog pass that runs every few minutes between the daily Update products.
/// </summary>
public enum FeedKind
{
    ImportNewProducts,
    UpdateProducts,
    ProductSync,
    ImportProductImages,
    ImportNewOrders,
    UpdateOrders,
    ImportStockLevels,
    ImportSuppliers,
    ProductSupplierImport,
    StockLevelExport,
    StockCheck,
    ShippingConfirmation,
    Retry,
}

public static class FeedKinds
{
    /// <summary>
    /// The feed whose lease a run must hold: feeds that would collide share one (Import new products, Update products and
    /// Product sync all create and change products by SKU, so they never run at the same time for one integration). A feed in no
    /// group is its own. The lease row of the group carries who runs; each feed keeps its checkpoint on its own row.
    /// </summary>
    public static FeedKind LeaseGroup(this FeedKind kind) => kind switch
    {
        FeedKind.UpdateProducts or FeedKind.ProductSync => FeedKind.ImportNewProducts,
        _ => kind,
    };

    public static string DisplayName(this FeedKind kind) => kind switch
    {
        FeedKind.ImportNewProducts => "Import new products",
        FeedKind.UpdateProducts => "Update products",
        FeedKind.ProductSync => "Product sync",
        FeedKind.ImportProductImages => "Import product images",
        FeedKind.ImportNewOrders => "Import new orders",
        FeedKind.UpdateOrders => "Update orders",
        FeedKind.ImportStockLevels => "Import stock levels",
        FeedKind.ImportSuppliers => "Import suppliers",
        FeedKind.ProductSupplierImport => "Product supplier import",
        FeedKind.StockLevelExport => "Stock level export",
        FeedKind.StockCheck => "Stock check",
        FeedKind.ShippingConfirmation => "Shipping confirmation",
        FeedKind.Retry => "Retry",
        _ => kind.ToString(),
    };

    /// <summary>
    /// Export feeds write to the shop, so they run only when the integration is Live. (Stock check runs before
    /// Live too, but then only reports differences instead of pushing them.)
    /// </summary>
    public static bool RequiresLive(this FeedKind kind) =>
        kind is FeedKind.StockLevelExport or FeedKind.ShippingConfirmation;

    /// <summary>
    /// Feeds whose checkpoint is a "changed since" date the operator may clear to force a full pass (Product sync); the
    /// other feeds' checkpoints are positions inside one pass and are not theirs to move.
    /// </summary>
    public static bool CanResynchronize(this FeedKind kind) => kind is FeedKind.ProductSync;
}
