namespace Connect.Domain.Sync;

/// <summary>
/// A product whose sellable quantity changed and must be pushed to a shop. Written in the same transaction as
/// the stock change, so no change is lost; one pending row per integration and product coalesces bursts.
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

    private StockExportRequest() { }

    public StockExportRequest(int integrationId, int productId, DateTime now) => (IntegrationId, ProductId, RequestedAt) = (integrationId, productId, now);

    public void Again(DateTime now) => (RequestedAt, NextAttemptAt) = (now, null);

    public void Failed(string error, DateTime now)
    {
        Attempts++;
        LastError = error;
        // Back off 1, 2, 4 ... minutes, at most an hour, so a broken shop is not hammered.
        NextAttemptAt = now.AddMinutes(Math.Min(60, Math.Pow(2, Math.Min(Attempts - 1, 6))));
    }
}
