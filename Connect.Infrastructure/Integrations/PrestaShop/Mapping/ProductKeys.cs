using System.Globalization;

namespace Connect.Infrastructure.Integrations.PrestaShop.Mapping;

/// <summary>
/// External ids of PrestaShop catalog records in Connect's links. A SKU is "{productId}-{combinationId}" (0 for a product
/// without combinations), so the parent product id can always be read back from a SKU's link.
/// </summary>
public static class ProductKeys
{
    public static string Sku(long productId, long combinationId) =>
        string.Create(CultureInfo.InvariantCulture, $"{productId}-{combinationId}");

    public static string Parent(long productId) => productId.ToString(CultureInfo.InvariantCulture);

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The parent product id and combination id of a SKU key; false for anything else.</summary>
    public static bool TryParse(string externalId, out long productId, out long combinationId)
    {
        productId = combinationId = 0;
        var dash = externalId.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && long.TryParse(externalId.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out productId)
            && long.TryParse(externalId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out combinationId);
    }

    /// <summary>Image link of one SKU: the same shop image can illustrate several combinations.</summary>
    public static string Image(string skuKey, long imageId) =>
        string.Create(CultureInfo.InvariantCulture, $"{skuKey}/{imageId}");
}
