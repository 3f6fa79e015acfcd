namespace Connect.Infrastructure.Integrations.PrestaShop;

/// <summary>Links into a PrestaShop back office, from the folder an admin saved on the integration.</summary>
public static class PrestaShopBackOffice
{
    /// <summary>
    /// The shop's own page of an order. This legacy route works from 1.5 to 9; newer versions redirect it to their Symfony page
    /// and may ask the signed-in employee to confirm a missing token, which is PrestaShop's protection, not an error.
    /// </summary>
    public static string OrderLink(string backOffice, string shopOrderId) =>
        $"{(backOffice.EndsWith('/') ? backOffice : backOffice + "/")}index.php?controller=AdminOrders&id_order={Uri.EscapeDataString(shopOrderId)}&vieworder=1";
}
