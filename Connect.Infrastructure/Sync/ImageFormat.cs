namespace Connect.Infrastructure.Sync;

/// <summary>
/// The picture formats Connect accepts from a shop, told apart by their first bytes, never by the content type the
/// shop sends: an SVG or HTML file labelled image/jpeg would otherwise be served from Connect's own origin.
/// </summary>
public sealed record ImageFormat(string ContentType, string Extension)
{
    public static readonly ImageFormat Jpeg = new("image/jpeg", ".jpg");
    public static readonly ImageFormat Png = new("image/png", ".png");
    public static readonly ImageFormat Gif = new("image/gif", ".gif");
    public static readonly ImageFormat WebP = new("image/webp", ".webp");

    /// <summary>How many first bytes <see cref="Detect"/> needs.</summary>
    public const int SignatureLength = 12;

    /// <summary>The format of a file from its first bytes, or null when it is none of JPEG, PNG, GIF and WebP.</summary>
    public static ImageFormat? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return Jpeg;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return Gif;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return WebP;
        return null;
    }
}

/// <summary>
/// The largest product image, one setting for both the download from a shop and the image store:
/// <c>Connect:PrestaShop:MaxImageMegabytes</c>, or the older <c>Catalog:MaxImageBytes</c> when only that is set (10 MB
/// unless set). One value, so an image is never downloaded in full only to be refused by the store.
/// </summary>
public sealed record ProductImageLimits(long MaxBytes = ProductImageLimits.DefaultMaxBytes)
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;
    public const string MegabytesKey = "Connect:PrestaShop:MaxImageMegabytes";
    public const string LegacyBytesKey = "Catalog:MaxImageBytes";

    public static ProductImageLimits From(Microsoft.Extensions.Configuration.IConfiguration? configuration)
    {
        if (configuration?[MegabytesKey] is { Length: > 0 } megabytes)
            return new(long.TryParse(megabytes, System.Globalization.CultureInfo.InvariantCulture, out var mb) && mb > 0 ? mb * 1024 * 1024
                : throw new InvalidOperationException($"{MegabytesKey} is '{megabytes}'; set it to a whole number of megabytes greater than 0."));
        if (configuration?[LegacyBytesKey] is { Length: > 0 } bytes)
            return new(long.TryParse(bytes, System.Globalization.CultureInfo.InvariantCulture, out var b) && b > 0 ? b
                : throw new InvalidOperationException($"{LegacyBytesKey} is '{bytes}'; set {MegabytesKey} to a whole number of megabytes instead."));
        return new();
    }
}

/// <summary>A file from a shop that is not stored; the message says why and what to do in the shop.</summary>
public sealed class ImageRejectedException(string message) : Exception(message);
