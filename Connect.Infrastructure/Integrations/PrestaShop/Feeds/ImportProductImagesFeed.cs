using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Mapping;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Import product images: for the linked SKUs that have no image yet, reads their products and combinations by id sets, downloads
/// the images (cover first; a combination's own images, else its product's) into the file store and attaches them. An image
/// whose file is missing on the shop's disk (code 61) is logged and skipped. No checkpoint is needed: the work list is
/// "products without images", which shrinks as batches commit.
/// </summary>
public sealed class ImportProductImagesFeed(ProductImageIntake intake, ProductImageStore store, CatalogFeedOptions options, ICatalogClientSource clients)
    : PrestaShopCatalogFeed(clients)
{
    public override FeedKind Kind => FeedKind.ImportProductImages;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var tally = new FeedTally();
        var reader = new CatalogReader(client, options);
        var missingLogged = new HashSet<(long, long)>();
        for (var after = 0; ; )
        {
            var pending = await intake.PendingAsync(run.IntegrationId, after, options.ImageBatchSize, ct);
            if (pending.Count == 0) break;
            after = pending.Max(p => p.ProductId);

            var keyed = pending
                .Select(p => (Item: p, Ok: ProductKeys.TryParse(p.ExternalId, out var productId, out var combinationId), productId, combinationId))
                .Where(p => p.Ok).ToList();
            // Which products have pictures at all is one cheap field (the cover); only those are read in full, for their images
            // association (which display=[...] cannot select), with the combinations of theirs that wait for images.
            var illustrated = (await reader.ByIdsAsync<Product>("id", keyed.Select(k => k.productId), ct, "id", "id_default_image"))
                .Where(p => p.IdDefaultImage > 0).Select(p => p.Id).ToHashSet();
            var products = (await reader.ByIdsAsync<Product>("id", illustrated, ct)).ToDictionary(p => p.Id);
            var combinations = (await reader.ByIdsAsync<Combination>("id",
                    keyed.Where(k => k.combinationId > 0 && illustrated.Contains(k.productId)).Select(k => k.combinationId), ct))
                .ToDictionary(c => c.Id);

            var plans = new List<(ProductWithoutImages Item, string Key, IReadOnlyList<PlannedImage> Images)>();
            foreach (var (item, _, productId, combinationId) in keyed)
            {
                // Gone from the shop (Update products deactivates it) or a shop without pictures for it: nothing to fetch.
                if (!products.TryGetValue(productId, out var product)
                    || (combinationId > 0 && !combinations.TryGetValue(combinationId, out _)))
                    continue;
                var planned = ImagePlanner.Plan(product, combinationId > 0 ? combinations[combinationId] : null);
                if (planned.Count > 0) plans.Add((item, item.ExternalId, planned));
            }
            tally.Processed += pending.Count;
            // Products the shop shows no picture for (or no longer has) have nothing to import: unchanged, not skipped.
            tally.Unchanged += pending.Count - plans.Count;

            var files = await DownloadAsync(client, run, plans.SelectMany(p => p.Images).Select(i => (i.ProductId, i.ImageId)).Distinct(), tally, missingLogged, ct);
            var batch = plans
                .Select(p => new ProductImages(p.Item.ProductId, [.. p.Images
                    .Where(i => files.ContainsKey((i.ProductId, i.ImageId)))
                    .Select(i => (Image: i, File: files[(i.ProductId, i.ImageId)]))
                    .Select(x => new IncomingImage(ProductKeys.Image(p.Key, x.Image.ImageId), x.Image.Position, x.Image.IsCover,
                        x.File.ContentType, x.File.StoragePath, x.File.Size))]))
                .Where(p => p.Images.Count > 0)
                .ToList();
            var result = await intake.AttachAsync(run.IntegrationId, batch, ct);
            tally.Add(result);
            run.Report(tally.Counts, null, $"Images imported for Connect products up to id {after}");
        }
        return tally.Counts;
    }

    private sealed record StoredFile(string ContentType, string StoragePath, long Size);

    private async Task<Dictionary<(long, long), StoredFile>> DownloadAsync(PrestaShopClient client, ICatalogFeedRun run,
        IEnumerable<(long ProductId, long ImageId)> images, FeedTally tally, HashSet<(long, long)> missingLogged, CancellationToken ct)
    {
        var results = await Task.WhenAll(images.Select(async image =>
        {
            try
            {
                var download = await client.DownloadImageAsync(image.ProductId, image.ImageId, ct: ct);
                // The content decides the format and the extension, never the content type the shop announced.
                var format = store.Verify(download.Content);
                var path = string.Create(CultureInfo.InvariantCulture,
                    $"products/{run.IntegrationId}/{image.ProductId}/{image.ImageId}{format.Extension}");
                var size = await store.SaveAsync(path, download.Content, ct);
                return (image, File: new StoredFile(format.ContentType, path, size), Error: (string?)null, Missing: false);
            }
            catch (PrestaShopException ex) when (!ex.IsTransient && !ex.IsFatal)
            {
                return (image, File: (StoredFile?)null, Error: ex.Explanation, Missing: ex.Kind == PrestaShopErrorKind.ImageMissing);
            }
            catch (ImageRejectedException ex)
            {
                return (image, File: (StoredFile?)null, Error: $"refused: {ex.Message}", Missing: false);
            }
        }));
        var files = new Dictionary<(long, long), StoredFile>();
        foreach (var (image, file, error, missing) in results)
        {
            if (file is not null) { files[image] = file; continue; }
            if (missing)
            {
                tally.Skipped++;
                if (missingLogged.Add(image))
                    await run.LogAsync(FeedLogLevel.Warning,
                        $"Image {image.ImageId} of shop product {image.ProductId} is missing on the shop's disk (PrestaShop code 61), skipped. Upload the picture again in PrestaShop (Catalog > Products > Images) or delete it there; the next run will pick it up.",
                        ProductKeys.Image(ProductKeys.Parent(image.ProductId), image.ImageId), "product");
            }
            else
            {
                tally.Failed++;
                await run.LogAsync(FeedLogLevel.Error,
                    $"Image {image.ImageId} of shop product {image.ProductId} could not be stored: {error}",
                    ProductKeys.Image(ProductKeys.Parent(image.ProductId), image.ImageId), "product");
            }
        }
        return files;
    }
}
