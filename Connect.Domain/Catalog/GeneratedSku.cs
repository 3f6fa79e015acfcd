using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Connect.Domain.Catalog;

/// <summary>
/// SKUs Connect builds when the shop gives none. They are readable (an operator can tell S White from XL Black) and
/// depend only on shop values, so every shop with the same product reference and attribute values yields the same SKU and
/// the shops share one Connect product.
/// </summary>
public static class GeneratedSku
{
    public const int MaxLength = 100;
    private const char Separator = '-';

    /// <summary>"demo_1-White-S": the product reference, then the attribute values in the order given (by attribute group name, so every shop agrees).</summary>
    public static string ForCombination(string productReference, IEnumerable<string> attributeValues, long combinationId)
    {
        var parts = attributeValues.Select(Part).Where(p => p.Length > 0).ToList();
        if (parts.Count == 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"C{combinationId}"));
        return Fit(string.Join(Separator, [productReference.Trim(), .. parts]));
    }

    /// <summary>"P7-Customizable_mug": a product without any reference, named after its shop id and name.</summary>
    public static string ForProduct(long shopProductId, string name)
    {
        var slug = Part(name);
        var id = string.Create(CultureInfo.InvariantCulture, $"P{shopProductId}");
        return Fit(slug.Length == 0 ? id : $"{id}{Separator}{slug}");
    }

    /// <summary>Letters and digits stay; anything else (spaces, dashes, slashes) becomes one underscore, so the dash only separates parts.</summary>
    private static string Part(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value.Trim())
        {
            if (char.IsLetterOrDigit(c) || c is '.' or '+') text.Append(c);
            else if (text.Length > 0 && text[^1] != '_') text.Append('_');
        }
        return text.ToString().Trim('_');
    }

    /// <summary>Too long for a SKU: cut, and end with a short hash of the whole so two long names stay apart.</summary>
    private static string Fit(string sku)
    {
        if (sku.Length <= MaxLength) return sku;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sku)))[..8];
        return $"{sku[..(MaxLength - hash.Length - 1)]}~{hash}";
    }
}
