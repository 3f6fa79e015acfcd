using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Integrations.PrestaShop.Mapping;

/// <summary>One image to fetch for a SKU: the shop product that owns the file, its image id, its place and whether it is the cover.</summary>
public sealed record PlannedImage(long ProductId, long ImageId, int Position, bool IsCover);

/// <summary>Which shop images illustrate a SKU. Pure.</summary>
public static class ImagePlanner
{
    /// <summary>
    /// A combination shows the images of its own association, else its product's; the product's default image is the cover
    /// when it is among them, else the first. The cover comes first so a partly failed download still shows the main picture.
    /// </summary>
    public static IReadOnlyList<PlannedImage> Plan(Product product, Combination? combination)
    {
        var ids = combination is { ImageIds.Count: > 0 } ? combination.ImageIds : product.ImageIds;
        var distinct = ids.Where(id => id > 0).Distinct().ToList();
        if (distinct.Count == 0) return [];
        var cover = distinct.Contains(product.IdDefaultImage) ? product.IdDefaultImage : distinct[0];
        return distinct
            .Select((id, index) => new PlannedImage(product.Id, id, index + 1, id == cover))
            .OrderByDescending(i => i.IsCover).ThenBy(i => i.Position)
            .ToList();
    }
}
