using Connect.Domain.Integrations;

namespace Connect.Infrastructure.Integrations;

/// <summary>The import action and retry flag proposed for a shop order state that has no saved rule yet.</summary>
public sealed record ProposedStatusRule(OrderImportAction Action, bool Retry);

/// <summary>
/// Proposes order status rules from a state's own flags, so a new integration starts with sensible rules:
/// final negative states are not imported, paid states waiting for shipment are imported as valid, states already
/// shipped are kept as history, and states that can still become paid are retried.
/// </summary>
public static class OrderStatusDefaults
{
    public static ProposedStatusRule Propose(ShopOrderState state) => state switch
    {
        { Cancelled: true } or { Refunded: true } or { PaymentError: true } => new(OrderImportAction.DoNotImport, false),
        { Shipped: true } or { Delivered: true } => new(OrderImportAction.ImportAsHistory, false),
        { Paid: true } => new(OrderImportAction.ImportAsValid, false),
        // Awaiting payment (cheque, bank wire, cash on delivery, backorder not paid): may still become paid.
        _ => new(OrderImportAction.DoNotImport, true),
    };

    /// <summary>Rules for every state, keyed by the state id.</summary>
    public static IReadOnlyDictionary<string, ProposedStatusRule> ProposeAll(IEnumerable<ShopOrderState> states) =>
        states.ToDictionary(s => s.Id, Propose);
}
