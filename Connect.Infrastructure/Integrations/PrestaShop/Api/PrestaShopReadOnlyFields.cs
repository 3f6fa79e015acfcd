using System.Xml.Linq;

namespace Connect.Infrastructure.Integrations.PrestaShop.Api;

/// <summary>
/// Fields that must be removed before a PUT, per resource. Sources: schema=synopsis read_only/readOnly attributes of 8.1.2
/// (products, orders' order_rows, customers) and the recorded writes (position_in_category: PHP 8 error in Product.php).
/// </summary>
public static class PrestaShopReadOnlyFields
{
    private static readonly Dictionary<string, string[]> Fields = new(StringComparer.OrdinalIgnoreCase)
    {
        // quantity is deprecated and refused (code 93); position_in_category makes 8.x fail with a code-3 500.
        ["products"] = ["manufacturer_name", "quantity", "position_in_category"],
        ["customers"] = ["last_passwd_gen", "secure_key"],
        ["orders"] = ["shipping_number"],
    };

    private static readonly Dictionary<string, (string Association, string[] Fields)> AssociationFields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["orders"] = ("order_rows", ["product_name", "product_reference", "product_ean13", "product_isbn", "product_upc",
            "product_price", "unit_price_tax_incl", "unit_price_tax_excl"]),
    };

    public static IReadOnlyList<string> For(string resource) => Fields.GetValueOrDefault(resource) ?? [];

    /// <summary>Removes the read-only fields of the resource from a record element (in place).</summary>
    public static void Strip(string resource, XElement record)
    {
        foreach (var name in For(resource))
            record.Elements(name).Remove();
        if (AssociationFields.TryGetValue(resource, out var assoc))
        {
            foreach (var row in record.Element("associations")?.Element(assoc.Association)?.Elements() ?? [])
                foreach (var name in assoc.Fields)
                    row.Elements(name).Remove();
        }
    }
}
