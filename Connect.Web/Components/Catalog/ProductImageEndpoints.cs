using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;

namespace Connect.Web.Components.Catalog;

/// <summary>Serves stored product images to signed-in users only (files live under the data folder, never in wwwroot).</summary>
public static class ProductImageEndpoints
{
    public static IEndpointRouteBuilder MapProductImages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/images/products/{imageId:int}", async (int imageId, IDbContextFactory<ConnectDbContext> contexts, ProductImageStore store, CancellationToken ct) =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var image = await db.ProductImages.AsNoTracking().Where(i => i.Id == imageId)
                .Select(i => new { i.StoragePath, i.ContentType }).SingleOrDefaultAsync(ct);
            return image is not null && store.Find(image.StoragePath) is { } path
                ? Results.File(path, image.ContentType, enableRangeProcessing: false)
                : Results.NotFound();
        }).RequireAuthorization();
        return app;
    }
}
