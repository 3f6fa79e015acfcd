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

    [Fact]
    public async Task An_image_is_served_as_the_type_of_its_content_and_may_not_be_sniffed_or_run()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
        var imageId = await StoreImageAsync("products/1/6/10.png", png, announcedType: "text/html");
        var signedIn = await factory.SignedInClientAsync();

        var served = await signedIn.GetAsync($"/images/products/{imageId}", TestContext.Current.CancellationToken);

        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        served.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        served.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("sandbox");
    }

    [Fact]
    public async Task A_stored_file_that_is_not_a_picture_is_not_served()
    {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>"u8.ToArray();
        // Written the way a Connect without format checks stored it, before this version.
        _ = factory.Server;
        var root = factory.Services.GetRequiredService<ProductImageStore>().Root;
        Directory.CreateDirectory(Path.Combine(root, "products", "1", "7"));
        await File.WriteAllBytesAsync(Path.Combine(root, "products", "1", "7", "11.img"), svg, TestContext.Current.CancellationToken);
        var imageId = await InsertImageRowAsync("products/1/7/11.img", "image/svg+xml", svg.Length);
        var signedIn = await factory.SignedInClientAsync();

        var response = await signedIn.GetAsync($"/images/products/{imageId}", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldNotContain("<script>");
    }

    private async Task<int> StoreImageAsync(string path = "products/1/5/9.jpg", byte[]? content = null, string announcedType = "image/jpeg")
    {
        _ = factory.Server; // builds the host (and migrates the database)
        content ??= Jpeg;
        var store = factory.Services.GetRequiredService<ProductImageStore>();
        await store.SaveAsync(path, content, TestContext.Current.CancellationToken);
        return await InsertImageRowAsync(path, announcedType, content.Length);
    }

    private async Task<int> InsertImageRowAsync(string path, string contentType, long size)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var product = new Product(new ProductDetails($"IMG-{Guid.NewGuid():N}"[..12], "Pictured", null, null, 0, 1, true), DateTime.UtcNow);
        var image = product.AddImage(1, true, contentType, path, size);
        db.Products.Add(product);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return image.Id;
    }
}
