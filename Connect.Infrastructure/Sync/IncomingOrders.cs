using Connect.Domain.Integrations;
using Connect.Domain.Orders;

namespace Connect.Infrastructure.Sync;

/// <summary>
/// An order as a shop describes it, ready for intake. <paramref name="ExternalId"/> is the shop's order id (the key: split
/// orders share a reference). The carrier is named by its stable reference (PrestaShop's id_reference), the payment by
/// the shop's payment string; both are mapped to Connect methods by the integration's configuration.
/// </summary>
public sealed record IncomingOrder(
    string ExternalId, string? Reference, string StatusId, OrderCustomer Customer, ShippingAddress ShippingAddress,
    string? CarrierReference, string? CarrierName, string? Payment, string Currency, OrderTotals Totals, DateTime PlacedAt,
    IReadOnlyList<IncomingOrderLine> Lines);

/// <summary>One order line; <paramref name="ProductKey"/> is the SKU's external id ("{productId}-{combinationId}" for PrestaShop).</summary>
public sealed record IncomingOrderLine(string ProductKey, string Sku, string Name, int Quantity, decimal UnitPrice);

/// <summary>A shop order state as the order feeds need it: its name for messages, and whether the shop says it is cancelled or refunded.</summary>
public sealed record OrderStateInfo(string Id, string Name, bool CancelledOrRefunded);

/// <summary>What the order intake did with one page.</summary>
public sealed record OrderIntakeResult(
    IReadOnlyList<OrderOutcome> Outcomes)
{
    public int Imported => Outcomes.Count(o => o.Kind == OrderOutcomeKind.Imported);
    public int Waiting => Outcomes.Count(o => o.Kind is OrderOutcomeKind.Parked or OrderOutcomeKind.Failed);
    public int Skipped => Outcomes.Count(o => o.Kind is OrderOutcomeKind.AlreadyImported or OrderOutcomeKind.NotImported or OrderOutcomeKind.Dropped);
}

/// <summary>
/// What happened to one shop order, with the message for the feed log (the fix, when there is one). <paramref name="Warning"/>:
/// imported, but not as its rule asked (Import and complete without the stock), with why and the fix.
/// </summary>
public sealed record OrderOutcome(string ExternalId, OrderOutcomeKind Kind, string? Message = null, int? OrderId = null, OrderImportAction? Action = null,
    string? Warning = null);

public enum OrderOutcomeKind
{
    /// <summary>Now a Connect order (valid, on hold, cancelled or history, by the status rule).</summary>
    Imported,
    /// <summary>Already a Connect order: a rerun or another engine instance imported it.</summary>
    AlreadyImported,
    /// <summary>Its state waits for a change (Retry on): parked for the Retry feed.</summary>
    Parked,
    /// <summary>Something must be fixed first (mapping, product, missing rule): parked for the Retry feed with the fix.</summary>
    Failed,
    /// <summary>Its state is not imported and not retried.</summary>
    NotImported,
    /// <summary>It was waiting, and its state is now neither importable nor retried (or the shop deleted it): off the waiting list.</summary>
    Dropped,
}

/// <summary>What Update orders did with one imported order the shop cancelled: cancelled it, or left it (shipped) as a conflict.</summary>
public sealed record CancelOutcome(string ExternalId, int OrderId, bool Cancelled, string Message);
