using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Tests.Catalog;

/// <summary>The image folder on a real temporary disk: only pictures it recognises by their content, up to the size limit.</summary>
public sealed class ProductImageStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"connect-images-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private ProductImageStore Store(long maxBytes = ProductImageLimits.DefaultMaxBytes) => new(new DataFolder(_folder), new ProductImageLimits(maxBytes));

    public static TheoryData<string, byte[], string> Pictures => new()
    {
        { ".jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1], "image/jpeg" },
        { ".png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], "image/png" },
        { ".gif", "GIF89a\u0001\u0000\u0001\u0000\u0080\u0000"u8.ToArray(), "image/gif" },
        { ".webp", "RIFF\u0024\u0000\u0000\u0000WEBPVP8 "u8.ToArray(), "image/webp" },
    };

    [Theory]
    [MemberData(nameof(Pictures))]
    public async Task Stores_JPEG_PNG_GIF_and_WebP_recognised_by_their_first_bytes(string extension, byte[] content, string contentType)
    {
        var store = Store();

        store.Verify(content).ContentType.ShouldBe(contentType);
        await store.SaveAsync($"products/1/2/3{extension}", content, TestContext.Current.CancellationToken);

        store.Find($"products/1/2/3{extension}").ShouldNotBeNull();
    }

    [Fact]
    public async Task Refuses_an_SVG_or_HTML_file_whatever_its_name_and_writes_nothing()
    {
        var store = Store();
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray();
        var html = "<!doctype html><script>alert(1)</script>"u8.ToArray();

        var error = await Should.ThrowAsync<ImageRejectedException>(() => store.SaveAsync("products/1/2/3.jpg", svg, TestContext.Current.CancellationToken));
        Should.Throw<ImageRejectedException>(() => store.Verify(html));

        error.Message.ShouldContain("not a JPEG, PNG, GIF or WebP picture");
        store.Find("products/1/2/3.jpg").ShouldBeNull();
    }

    [Fact]
    public void Refuses_a_picture_over_the_size_limit_and_says_which_setting_raises_it()
    {
        var big = new byte[2048];
        big[0] = 0xFF; big[1] = 0xD8; big[2] = 0xFF;

        var error = Should.Throw<ImageRejectedException>(() => Store(maxBytes: 1024).Verify(big));

        error.Message.ShouldContain("Connect:PrestaShop:MaxImageMegabytes");
    }

    [Fact]
    public async Task A_picture_is_stored_only_under_the_extension_of_its_content()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];

        await Should.ThrowAsync<ArgumentException>(() => Store().SaveAsync("products/1/2/3.svg", png, TestContext.Current.CancellationToken));
    }
}
