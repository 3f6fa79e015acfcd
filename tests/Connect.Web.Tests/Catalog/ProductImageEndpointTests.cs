using System.Net;
using Connect.Domain.Catalog;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Sync;
using Connect.Testing.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Catalog;

/// <summary>Stored product images are served from the data folder, to signed-in users only.</summary>
public sealed class ProductImageEndpointTests(ConnectWebFactory factory) : IClassFixture<ConnectWebFactory>
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 0xFF, 0xD9];

    [Fact]
    public async Task A_signed_in_user_gets_the_stored_file_and_an_anonymous_one_is_sent_to_sign_in()
    {
        var imageId = await StoreImageAsync();
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        var signedIn = await factory.SignedInClientAsync();

        var refused = await anonymous.GetAsync($"/images/products/{imageId}", TestContext.Current.CancellationToken);
        var served = await signedIn.GetAsync($"/images/products/{imageId}", TestContext.Current.CancellationToken);

        refused.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        (await served.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).ShouldBe(Jpeg);
        (await signedIn.GetAsync("/images/products/987654", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<int> StoreImageAsync()
    {
        _ = factory.Server; // builds the host (and migrates the database)
        var store = factory.Services.GetRequiredService<ProductImageStore>();
        await store.SaveAsync("products/1/5/9.jpg", Jpeg, TestContext.Current.CancellationToken);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var product = new Product(new ProductDetails("IMG-1", "Pictured", null, null, 0, 1, true), DateTime.UtcNow);
        var image = product.AddImage(1, true, "image/jpeg", "products/1/5/9.jpg", Jpeg.Length);
        db.Products.Add(product);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return image.Id;
    }
}
