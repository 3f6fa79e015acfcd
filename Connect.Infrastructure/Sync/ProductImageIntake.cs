using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Sync;

/// <summary>A linked Connect product that has no image yet.</summary>
public sealed record ProductWithoutImages(int ProductId, string ExternalId);

/// <summary>The stored images of one product.</summary>
public sealed record ProductImages(int ProductId, IReadOnlyList<IncomingImage> Images);

/// <summary>Finds products that still need images and attaches stored image files to them.</summary>
public sealed class ProductImageIntake(IDbContextFactory<ConnectDbContext> contexts, TimeProvider clock)
{
    /// <summary>The next products of an integration without any image, after a Connect id (keyset, so products that stay without images do not loop).</summary>
    public async Task<IReadOnlyList<ProductWithoutImages>> PendingAsync(int integrationId, int afterProductId, int take, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await (
                from l in db.ExternalLinks
                where l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product && l.LocalId > afterProductId
                join p in db.Products on l.LocalId equals p.Id
                where !p.Images.Any()
                orderby l.LocalId
                select new ProductWithoutImages(l.LocalId, l.ExternalId))
            .Take(take)
            .ToListAsync(ct);
    }

    public Task<IntakeResult> AttachAsync(int integrationId, IReadOnlyList<ProductImages> batch, CancellationToken ct) =>
        UnitOfWork.RunAsync(contexts, async db =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var productIds = batch.Select(b => b.ProductId).Distinct().ToList();
            var products = await db.Products.Include(p => p.Images).Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var links = await db.LinksAsync(integrationId, ExternalLinkKind.ProductImage, batch.SelectMany(b => b.Images).Select(i => i.ExternalId).ToList(), ct);
            var added = new List<(string Key, ProductImage Image)>();
            int skipped = 0, unchanged = 0;
            foreach (var item in batch)
            {
                if (!products.TryGetValue(item.ProductId, out var product)) { skipped += item.Images.Count; continue; }
                foreach (var image in item.Images.OrderByDescending(i => i.IsCover).ThenBy(i => i.Position))
                {
                    if (links.ContainsKey(image.ExternalId) || added.Any(a => a.Key == image.ExternalId)) { unchanged++; continue; }
                    added.Add((image.ExternalId, product.AddImage(image.Position, image.IsCover && !product.Images.Any(i => i.IsCover), image.ContentType, image.StoragePath, image.Size)));
                }
            }
            await db.SaveChangesAsync(ct);
            if (added.Count > 0)
            {
                db.ExternalLinks.AddRange(added.Select(a => new ExternalLink(integrationId, ExternalLinkKind.ProductImage, a.Key, a.Image.Id, now)));
                await db.SaveChangesAsync(ct);
            }
            return new IntakeResult(added.Count, 0, unchanged, skipped, 0, []);
        }, ct);
}
