using Connect.Infrastructure.Persistence;

namespace Connect.Infrastructure.Sync;

/// <summary>
/// Product image files under <c>&lt;DataFolder&gt;/images</c>. A <see cref="Connect.Domain.Catalog.ProductImage"/> keeps the path
/// relative to that folder (forward slashes, e.g. <c>products/3/12/45.jpg</c>), so the data folder can move or be restored
/// elsewhere. Files are written before the database row: a row never points at a missing file, and a file left by a failed
/// page is simply overwritten by the next run (paths are deterministic).
/// </summary>
public sealed class ProductImageStore(DataFolder folder, ProductImageLimits? limits = null)
{
    public string Root { get; } = Path.Combine(folder.Path, "images");

    public ProductImageLimits Limits { get; } = limits ?? new ProductImageLimits();

    /// <summary>
    /// The verified format of a file from a shop. Throws <see cref="ImageRejectedException"/> (with what to do) for
    /// anything but JPEG, PNG, GIF or WebP by its first bytes, or for a file over the size limit.
    /// </summary>
    public ImageFormat Verify(byte[] content)
    {
        if (content.LongLength > Limits.MaxBytes)
            throw new ImageRejectedException(
                $"it is {content.LongLength / 1024.0 / 1024.0:0.#} MB, over the {Limits.MaxBytes / 1024.0 / 1024.0:0.#} MB limit; upload a smaller picture in PrestaShop, or raise Connect:PrestaShop:MaxImageMegabytes in Connect's settings");
        return ImageFormat.Detect(content) ?? throw new ImageRejectedException(
            "it is not a JPEG, PNG, GIF or WebP picture (judged by its content, not by the type the shop announced); replace it in PrestaShop with a picture in one of these formats");
    }

    /// <summary>Writes a verified image (see <see cref="Verify"/>): nothing else is ever written to the image folder.</summary>
    public async Task<long> SaveAsync(string storagePath, byte[] content, CancellationToken ct)
    {
        var format = Verify(content);
        if (!storagePath.EndsWith(format.Extension, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{storagePath}' does not end with {format.Extension}, the extension of its content.", nameof(storagePath));
        var path = FullPath(storagePath) ?? throw new ArgumentException($"'{storagePath}' is not a path inside the image folder.", nameof(storagePath));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".part";
        await File.WriteAllBytesAsync(temporary, content, ct);
        File.Move(temporary, path, overwrite: true);
        return content.LongLength;
    }

    /// <summary>The file of a stored path, or null when the path would leave the image folder or the file is missing.</summary>
    public string? Find(string storagePath) => FullPath(storagePath) is { } path && File.Exists(path) ? path : null;

    private string? FullPath(string storagePath)
    {
        if (string.IsNullOrWhiteSpace(storagePath) || Path.IsPathRooted(storagePath)) return null;
        var root = Path.GetFullPath(Root) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, storagePath.Replace('/', Path.DirectorySeparatorChar)));
        return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>The verified format of a stored file from its first bytes, or null when it is not an accepted picture (any more).</summary>
    public static async Task<ImageFormat?> FormatOfFileAsync(string path, CancellationToken ct)
    {
        var head = new byte[ImageFormat.SignatureLength];
        await using var file = File.OpenRead(path);
        var read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        return ImageFormat.Detect(head.AsSpan(0, read));
    }
}
