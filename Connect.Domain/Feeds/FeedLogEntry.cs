namespace Connect.Domain.Feeds;

/// <summary>One line of a run's log, pointing at the shop record and the Connect record it is about.</summary>
public sealed class FeedLogEntry
{
    public long Id { get; private set; }
    public long RunId { get; private set; }
    public DateTime At { get; private set; }
    public FeedLogLevel Level { get; private set; }
    public string Message { get; private set; } = "";
    public string? ExternalId { get; private set; }
    /// <summary>Kind of Connect record ("product", "order", ...) for the link in the log viewer.</summary>
    public string? RecordKind { get; private set; }
    public int? RecordId { get; private set; }

    private FeedLogEntry() { }

    public FeedLogEntry(long runId, DateTime at, FeedLogLevel level, string message, string? externalId = null, string? recordKind = null, int? recordId = null) =>
        (RunId, At, Level, Message, ExternalId, RecordKind, RecordId) = (runId, at, level, message.Length > 4000 ? message[..4000] : message, externalId, recordKind, recordId);
}

public enum FeedLogLevel { Info, Warning, Error }
