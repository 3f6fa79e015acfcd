using Connect.Domain.Orders;

namespace Connect.Web.Components.Orders;

/// <summary>Words the order pages share.</summary>
public static class OrderUi
{
    /// <summary>Preparation states mean something only while the order still has to be prepared.</summary>
    public static bool IsPreparing(OrderStatus status) => status is OrderStatus.Valid or OrderStatus.PartiallyShipped or OrderStatus.OnHold;

    public static string Preparation(PreparationState state) => state switch
    {
        PreparationState.InStock => "In stock",
        PreparationState.OnHold => "On hold",
        _ => state.ToString(),
    };

    public static string Reason(WaitingReason reason) => reason switch
    {
        WaitingReason.AwaitingStatus => "Awaiting status",
        _ => "Import failed",
    };
}
