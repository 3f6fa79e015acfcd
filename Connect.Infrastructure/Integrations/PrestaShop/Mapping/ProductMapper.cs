using Connect.Domain.Catalog;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Sync;
using Product = Connect.Infrastructure.Integrations.PrestaShop.Api.Product;

namespace Connect.Infrastructure.Integrations.PrestaShop.Mapping;

/// <summary>A shop record the mapper could not turn into a Connect record, and how to fix it.</summary>
public sealed record MappingProblem(string ExternalId, string Message);

/// <summary>The SKUs of one shop product, those it could not map, and those mapped under a generated SKU (warnings with the fix).</summary>
public sealed record ProductMapping(IReadOnlyList<IncomingProduct> Products, IReadOnlyList<MappingProblem> Problems, IReadOnlyList<MappingProblem> Warnings);

/// <summary>
/// Turns a PrestaShop product (and its combinations) into Connect SKUs: one per combination, or one for a product without
/// combinations. Pure: the combinations and attribute names are read by the feed and handed in.
/// </summary>
public static class ProductMapper
{
    // Money and weights are stored with 4 decimals; rounding here keeps reruns from seeing a change that is only precision.
    private const int Decimals = 4;

    public static ProductMapping Map(Product product, IReadOnlyDictionary<long, Combination> combinations,
        IReadOnlyDictionary<long, ProductOptionValue> optionValues, IReadOnlyDictionary<long, ProductOption> options)
    {
        var parent = ProductKeys.Parent(product.Id);
        var name = Clean(product.Name) ?? $"Product {product.Id}";
        var ownReference = Clean(product.Reference);
        // Without a reference the product is still imported (not dropped) under a SKU built from its shop id and name.
        var reference = ownReference ?? GeneratedSku.ForProduct(product.Id, name);
        var items = new List<IncomingProduct>();
        var problems = new List<MappingProblem>();
        var warnings = new List<MappingProblem>();
        if (ownReference is null && product.CombinationIds.Count == 0)
            warnings.Add(new(ProductKeys.Sku(product.Id, 0), $"PrestaShop product {product.Id} ('{name}') has no reference; Connect imported it as SKU {reference}. Give it a reference in PrestaShop (Catalog > Products), then run Update products."));

        if (product.CombinationIds.Count == 0)
        {
            items.Add(new(ProductKeys.Sku(product.Id, 0), parent, new ProductDetails(reference, name, Clean(product.Ean13), Clean(product.Upc),
                Round(product.Weight), Round(product.Price), product.Active, SkuGenerated: ownReference is null)));
            return new(items, problems, warnings);
        }

        foreach (var combinationId in product.CombinationIds.Distinct())
        {
            // A combination deleted between the product read and the combination read is simply gone.
            if (!combinations.TryGetValue(combinationId, out var combination) || combination.IdProduct != product.Id)
                continue;
            var key = ProductKeys.Sku(product.Id, combinationId);
            var label = ProductOption.Label(combination.ProductOptionValueIds, optionValues, options);
            // PrestaShop copies the product's reference into combinations created without one: that is not their own either.
            var own = Clean(combination.Reference) is { } r && !string.Equals(r, ownReference, StringComparison.OrdinalIgnoreCase) ? r : null;
            var sku = own;
            if (sku is null)
            {
                // Sharing the product's reference would make every combination one SKU; the values tell them apart.
                var values = combination.ProductOptionValueIds.Select(id => optionValues.GetValueOrDefault(id)).OfType<ProductOptionValue>().ToList();
                // Each shop lists a combination's values in the order of its own attribute ids, which differ between shops that
                // created their attributes apart: the SKU takes them by attribute group name, so every shop builds the same one.
                var ordered = values.OrderBy(v => options.GetValueOrDefault(v.IdAttributeGroup)?.Name ?? "", StringComparer.OrdinalIgnoreCase)
                    .ThenBy(v => v.Name, StringComparer.OrdinalIgnoreCase).Select(v => v.Name);
                sku = GeneratedSku.ForCombination(reference, ordered, combinationId);
                var described = values.Count > 0 ? string.Join(" - ", values.Select(v => v.Name)) : $"{combinationId}";
                warnings.Add(new(key, $"Combination {described} of {reference} (shop product {product.Id}) has no reference; Connect imported it as SKU {sku}. Give combination {described} of {reference} its own reference in PrestaShop, then run Update products."));
            }
            items.Add(new(key, parent, new ProductDetails(
                sku, name,
                // A barcode names one SKU: a combination without its own keeps none rather than sharing the product's.
                Clean(combination.Ean13),
                Clean(combination.Upc),
                Round(Math.Max(0, product.Weight + combination.Weight)),
                Round(product.Price + combination.Price),
                product.Active,
                reference,
                label.Length > 0 ? label : $"Combination {combinationId}",
                SkuGenerated: own is null)));
        }
        return new(items, problems, warnings);
    }

    private static decimal Round(decimal value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero);

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
