namespace Connect.Domain.Orders;

/// <summary>
/// One line of an order's history in Connect: what happened to it, when (UTC), who did it (a user's name, or a feed with
/// its run) and a short note. Written by the order's own methods and the services that change it, never edited afterwards.
/// </summary>
public sealed class OrderEvent
{
    public const int NoteMaxLength = 500;
    public const int ByMaxLength = 256;

    public long Id { get; private set; }
    public int OrderId { get; private set; }
    public DateTime At { get; private set; }
    public OrderEventKind Kind { get; private set; }
    /// <summary>The user's name, or the feed's name when a feed acted (then <see cref="FeedRunId"/> names its run).</summary>
    public string By { get; private set; } = "";
    public long? FeedRunId { get; private set; }
    public string? Note { get; private set; }

    private OrderEvent() { }

    /// <summary>For an order that already has its id (a confirmation sent by a feed that does not load the order).</summary>
    public OrderEvent(int orderId, OrderEventKind kind, OrderActor actor, string? note = null) : this(kind, actor, note) => OrderId = orderId;

    internal OrderEvent(OrderEventKind kind, OrderActor actor, string? note)
    {
        Kind = kind;
        At = actor.At;
        By = string.IsNullOrWhiteSpace(actor.By) ? "unknown" : Cut(actor.By.Trim(), ByMaxLength);
        FeedRunId = actor.FeedRunId;
        Note = string.IsNullOrWhiteSpace(note) ? null : Cut(note.Trim(), NoteMaxLength);
    }

    private static string Cut(string text, int length) => text.Length > length ? text[..(length - 1)] + "…" : text;
}

/// <summary>Who changes an order and when: a user (by name), or a feed (its name and the run's id).</summary>
public sealed record OrderActor(string By, DateTime At, long? FeedRunId = null);

public enum OrderEventKind
{
    /// <summary>Imported from the shop; the note names the rule action and the shop state.</summary>
    Imported,
    Held,
    Released,
    Cancelled,
    /// <summary>A shipment completed the order.</summary>
    Shipped,
    /// <summary>A shipment sent part of what is left.</summary>
    PartlyShipped,
    /// <summary>The shop was told about a shipment (tracking number, status).</summary>
    ShippingConfirmationSent,
}
