using Connect.Infrastructure.Persistence;

namespace Connect.Infrastructure.Sync;

/// <summary>
/// Product image files under <c>&lt;DataFolder&gt;/images</c>. A <see cref="Connect.Domain.Catalog.ProductImage"/> keeps the path
/// relative to that folder (forward slashes, e.g. <c>products/3/12/45.jpg</c>), so the data folder can move or be restored
/// elsewhere. Files are written before the database row: a row never points at a missing file, and a file left by a failed
/// page is simply overwritten by the next run (paths are deterministic).
/// </summary>
public sealed class ProductImageStore(DataFolder folder)
{
    public string Root { get; } = Path.Combine(folder.Path, "images");

    public async Task<long> SaveAsync(string storagePath, byte[] content, CancellationToken ct)
    {
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

    /// <summary>File extension for a content type; images of unknown types keep a neutral one.</summary>
    public static string Extension(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "image/jpeg" or "image/jpg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "image/avif" => ".avif",
        _ => ".img",
    };
}
