namespace Connect.Domain.Integrations;

/// <summary>
/// One configured connection to one shop: where it is, how to authenticate, and how Connect treats its orders
/// and stock. The API key is held only in its protected (encrypted) form.
/// </summary>
public sealed class Integration
{
    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Platform { get; private set; } = "";
    public string Url { get; private set; } = "";
    public string ProtectedApiKey { get; private set; } = "";
    /// <summary>The last characters of the key, so the UI can show which key is saved without showing it.</summary>
    public string ApiKeyHint { get; private set; } = "";
    /// <summary>PrestaShop multistore shop id; null for a single shop.</summary>
    public int? ShopId { get; private set; }
    public int StoreId { get; private set; }
    public bool IsLive { get; private set; }
    public IntegrationSettings Settings { get; private set; } = new();
    public DateTime CreatedAt { get; private set; }
    /// <summary>The shop's own name as its Webservice reports it, learned at the last connection test (null before one).</summary>
    public string? ShopName { get; private set; }
    /// <summary>The platform version the shop reported at the last connection test, e.g. "8.1.2".</summary>
    public string? ShopVersion { get; private set; }
    /// <summary>ISO code of the shop's default currency, learned at the last connection test: the currency of the prices it sends.</summary>
    public string? ShopCurrency { get; private set; }
    /// <summary>
    /// Counts the saves of this integration; the database refuses a save made on an older revision, so a save that raced
    /// another one is redone on the fresh state instead of overwriting it. Moved by the persistence layer, not by hand.
    /// </summary>
    public int Revision { get; private set; }

    private Integration() { }

    public Integration(string name, string platform, string url, int storeId, DateTime now)
    {
        Rename(name);
        Platform = string.IsNullOrWhiteSpace(platform) ? throw new DomainException("Choose a platform.") : platform;
        ChangeUrl(url);
        StoreId = storeId;
        CreatedAt = now;
        Settings = new IntegrationSettings { ImportOrdersToStoreId = storeId };
    }

    public void Rename(string name) =>
        Name = string.IsNullOrWhiteSpace(name) ? throw new DomainException("Give the integration a name, e.g. 'My shop (FR)'.") : name.Trim();

    public void ChangeUrl(string url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new DomainException("Enter the shop's address starting with https:// (for example https://shop.example.com).");
        Url = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    public void ReplaceApiKey(string protectedKey, string plainKeyForHint)
    {
        if (string.IsNullOrWhiteSpace(protectedKey) || string.IsNullOrWhiteSpace(plainKeyForHint))
            throw new DomainException("Enter the API key created in PrestaShop (Advanced Parameters > Webservice).");
        ProtectedApiKey = protectedKey;
        ApiKeyHint = plainKeyForHint.Length <= 4 ? "****" : "…" + plainKeyForHint[^4..];
    }

    public void UseShop(int? shopId) =>
        ShopId = shopId is null or > 0 ? shopId : throw new DomainException("A shop id is a positive number; leave it empty for a single shop.");

    /// <summary>
    /// Remembers what the shop said about itself at a connection test, so integrations can be told apart by more than
    /// their URL. A test that could not learn a value keeps the one already known.
    /// </summary>
    public void RecordShop(string? shopName, string? version, string? currency = null)
    {
        if (!string.IsNullOrWhiteSpace(shopName)) ShopName = Cut(shopName.Trim(), MaxShopNameLength);
        if (!string.IsNullOrWhiteSpace(version)) ShopVersion = Cut(version.Trim(), MaxShopVersionLength);
        if (currency?.Trim() is { Length: 3 } iso && iso.All(char.IsAsciiLetter)) ShopCurrency = iso.ToUpperInvariant();
    }

    public const int MaxShopNameLength = 200, MaxShopVersionLength = 40;

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];

    public void AssignStore(int storeId) => StoreId = storeId;

    public void ChangeSettings(IntegrationSettings settings)
    {
        if (settings.RequestConcurrency is < 1 or > 16) throw new DomainException("Request concurrency must be between 1 and 16 (4 suits most shops).");
        if (settings.ImportOrdersFromId is < 0) throw new DomainException("'Import orders from id' must be 0 or a shop order number.");
        Settings = settings with { BackOfficeUrl = BackOffice(settings.BackOfficeUrl) };
    }

    /// <summary>
    /// The shop's back-office folder as an absolute http(s) address ending with a slash; null when empty. The Webservice does not
    /// tell it (PrestaShop renames the folder at install), so a person enters it once.
    /// </summary>
    public static string? BackOffice(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        if (!Uri.TryCreate(address.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new DomainException("Enter the back-office address as your browser shows it after signing in to PrestaShop, up to the admin folder " +
                "(for example https://shop.example.com/admin-xyz/), or leave it empty.");
        var path = uri.AbsolutePath.EndsWith("/index.php", StringComparison.OrdinalIgnoreCase) ? uri.AbsolutePath[..^"index.php".Length] : uri.AbsolutePath;
        return uri.GetLeftPart(UriPartial.Authority) + (path.EndsWith('/') ? path : path + "/");
    }

    /// <summary>Live turns on the export feeds: from then on Connect's stock overwrites the shop's.</summary>
    public void GoLive() => IsLive = true;
    public void GoOffline() => IsLive = false;
}

/// <summary>How an integration treats orders, shipping confirmations and stock.</summary>
public sealed record IntegrationSettings
{
    public int? ImportOrdersToStoreId { get; init; }
    public long? ImportOrdersFromId { get; init; }
    public int? StockImportWarehouseId { get; init; }
    public List<int> StockExportWarehouseIds { get; init; } = [];
    public string? FullShipmentStatusId { get; init; }
    public string? PartialShipmentStatusId { get; init; }
    public bool SendShippingEmail { get; init; }
    public int RequestConcurrency { get; init; } = 4;
    /// <summary>
    /// Shipping confirmation also sets the shop order's carrier to the one the parcel went with (by the integration's
    /// <see cref="ShopCarrierRule"/>s). Off by default: the shop's carrier is then never touched.
    /// </summary>
    public bool UpdateShopCarrier { get; init; }
    /// <summary>The shop's back-office folder (https://shop.example.com/admin-xyz/), for links to the shop's own order pages; optional.</summary>
    public string? BackOfficeUrl { get; init; }
}
