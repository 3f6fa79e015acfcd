using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Integrations.PrestaShop.Mapping;

/// <summary>
/// PrestaShop order states to neutral ones. PrestaShop has no flag for cancelled, refunded or payment error (all three are
/// paid=0, logable=0, like "awaiting payment"), so the mail template and the name tell them apart.
/// </summary>
public static class OrderStateMapper
{
    public static ShopOrderState ToNeutral(OrderState s)
    {
        var template = s.Template.Trim().ToLowerInvariant();
        var name = s.Name.ToLowerInvariant();
        var cancelled = template == "order_canceled" || Has(name, "cancel", "annul", "storn");
        var refunded = template == "refund" || Has(name, "refund", "rembours", "erstatt");
        var paymentError = template == "payment_error" || Has(name, "payment error", "erreur de paiement", "zahlungsfehler");
        // PrestaShop's "delivery" flag means "show the delivery slip" (set on "Processing in progress"), not "delivered".
        var delivered = template == "delivered" || Has(name, "delivered", "livré", "zugestellt");
        return new ShopOrderState(s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Name, s.Paid, s.Shipped, delivered,
            cancelled, refunded, paymentError);
    }

    private static bool Has(string text, params string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));
}
