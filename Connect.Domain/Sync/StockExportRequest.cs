namespace Connect.Domain.Sync;

/// <summary>
/// The export state of one product for one integration. A change of the product's sellable quantity asks for an
/// export (<see cref="Again"/>) in the same transaction as the change, so no change is lost; the row stays after the
/// export (marked handled) and keeps the last value written to the shop, so a burst of changes is one pending row and
/// a concurrent change never races with a delete.
/// </summary>
public sealed class StockExportRequest
{
    public long Id { get; private set; }
    public int IntegrationId { get; private set; }
    public int ProductId { get; private set; }
    public DateTime RequestedAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTime? NextAttemptAt { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>Goes up with every change asked for; the export marks the version it wrote as handled.</summary>
    public long Version { get; private set; } = 1;
    /// <summary>The last version exported (or found already right in the shop); pending while below <see cref="Version"/>.</summary>
    public long HandledVersion { get; private set; }
    /// <summary>The quantity the shop was last given (or found with) for this product, and when.</summary>
    public int? LastExportedQuantity { get; private set; }
    public DateTime? LastExportedAt { get; private set; }

    /// <summary>The quantity the last stock check found in the shop (null: no stock row there), and when it looked.</summary>
    public int? CheckedShopQuantity { get; private set; }
    public DateTime? CheckedAt { get; private set; }

    public bool IsPending => Version > HandledVersion;

    private StockExportRequest() { }

    public StockExportRequest(int integrationId, int productId, DateTime now) => (IntegrationId, ProductId, RequestedAt) = (integrationId, productId, now);

    /// <summary>Another change: the product is due at once, whatever an earlier failure's backoff said.</summary>
    public void Again(DateTime now)
    {
        (RequestedAt, NextAttemptAt) = (now, null);
        Version++;
    }

    public void Failed(string error, DateTime now)
    {
        Attempts++;
        LastError = error.Length > 2000 ? error[..2000] : error;
        // Back off 1, 2, 4 ... minutes, at most an hour, so a broken shop is not hammered.
        NextAttemptAt = now.AddMinutes(Math.Min(60, Math.Pow(2, Math.Min(Attempts - 1, 6))));
    }

    /// <summary>
    /// The shop now shows <paramref name="quantity"/>; the changes up to <paramref name="version"/> are handled (null: a
    /// correction outside the queue, which leaves pending changes pending).
    /// </summary>
    public void Exported(long? version, int quantity, DateTime now)
    {
        if (version is { } handled) HandledVersion = Math.Max(HandledVersion, handled);
        (LastExportedQuantity, LastExportedAt, Attempts, LastError, NextAttemptAt) = (quantity, now, 0, null, null);
    }

    /// <summary>A row that only records a stock check: nothing is asked for.</summary>
    public static StockExportRequest ForCheck(int integrationId, int productId, DateTime now) =>
        new(integrationId, productId, now) { HandledVersion = 1 };

    /// <summary>What the stock check found in the shop; it asks for nothing (the check corrects differences itself when Live).</summary>
    public void Checked(int? shopQuantity, DateTime now) => (CheckedShopQuantity, CheckedAt) = (shopQuantity, now);

    /// <summary>The product is no longer linked to the shop: nothing to write, the changes are handled.</summary>
    public void NothingToExport(long version) => HandledVersion = Math.Max(HandledVersion, version);
}
