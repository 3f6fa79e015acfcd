using Connect.Domain.Catalog;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Sync;
using Product = Connect.Infrastructure.Integrations.PrestaShop.Api.Product;

namespace Connect.Infrastructure.Integrations.PrestaShop.Mapping;

/// <summary>A shop record the mapper could not turn into a Connect record, and how to fix it.</summary>
public sealed record MappingProblem(string ExternalId, string Message);

/// <summary>The SKUs of one shop product, and those it could not map.</summary>
public sealed record ProductMapping(IReadOnlyList<IncomingProduct> Products, IReadOnlyList<MappingProblem> Problems);

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
        var reference = Clean(product.Reference);
        var items = new List<IncomingProduct>();
        var problems = new List<MappingProblem>();

        if (product.CombinationIds.Count == 0)
        {
            var key = ProductKeys.Sku(product.Id, 0);
            if (reference is null)
                problems.Add(new(key, $"PrestaShop product {product.Id} ('{name}') has no reference, and the reference is its SKU in Connect. Give it a reference in PrestaShop (Catalog > Products), then run Update products."));
            else
                items.Add(new(key, parent, new ProductDetails(reference, name, Clean(product.Ean13), Clean(product.Upc),
                    Round(product.Weight), Round(product.Price), product.Active)));
            return new(items, problems);
        }

        foreach (var combinationId in product.CombinationIds.Distinct())
        {
            // A combination deleted between the product read and the combination read is simply gone.
            if (!combinations.TryGetValue(combinationId, out var combination) || combination.IdProduct != product.Id)
                continue;
            var key = ProductKeys.Sku(product.Id, combinationId);
            var sku = Clean(combination.Reference) ?? reference;
            if (sku is null)
            {
                problems.Add(new(key, $"Combination {combinationId} of PrestaShop product {product.Id} ('{name}') has no reference and neither has the product; the reference is the SKU in Connect. Give the combination (or the product) a reference in PrestaShop, then run Update products."));
                continue;
            }
            var label = ProductOption.Label(combination.ProductOptionValueIds, optionValues, options);
            items.Add(new(key, parent, new ProductDetails(
                sku, name,
                // A barcode names one SKU: a combination without its own keeps none rather than sharing the product's.
                Clean(combination.Ean13),
                Clean(combination.Upc),
                Round(Math.Max(0, product.Weight + combination.Weight)),
                Round(product.Price + combination.Price),
                product.Active,
                reference ?? sku,
                label.Length > 0 ? label : $"Combination {combinationId}")));
        }
        return new(items, problems);
    }

    private static decimal Round(decimal value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero);

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
