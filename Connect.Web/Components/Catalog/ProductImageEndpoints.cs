using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;

namespace Connect.Web.Components.Catalog;

/// <summary>
/// Serves stored product images to signed-in users only (files live under the data folder, never in wwwroot). The
/// content type comes from the file's own first bytes, a file that is not an accepted picture is not served (one
/// stored before formats were checked), and the answer may not be sniffed, framed or run as a page.
/// </summary>
public static class ProductImageEndpoints
{
    public static IEndpointRouteBuilder MapProductImages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/images/products/{imageId:int}", async (int imageId, IDbContextFactory<ConnectDbContext> contexts, ProductImageStore store, CancellationToken ct) =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var image = await db.ProductImages.AsNoTracking().Where(i => i.Id == imageId)
                .Select(i => new { i.StoragePath, i.ContentType }).SingleOrDefaultAsync(ct);
            if (image is null || store.Find(image.StoragePath) is not { } path) return Results.NotFound();
            if (await ProductImageStore.FormatOfFileAsync(path, ct) is not { } format) return Results.NotFound();
            return Results.File(path, format.ContentType, enableRangeProcessing: false);
        }).RequireAuthorization()
        .AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
            return await next(context);
        });
        return app;
    }
}
