using Connect.Domain.Orders;
using Order = Connect.Infrastructure.Integrations.PrestaShop.Api.Order;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Mapping;

/// <summary>
/// A PrestaShop order, with the customer, delivery address, carrier and currency read for its page, to the platform-neutral
/// order the intake takes. Lines come from the order's own order_rows association. Nothing here reads the shop.
/// </summary>
public static class OrderMapper
{
    public static IncomingOrder Map(Order order, IReadOnlyDictionary<long, Customer> customers, IReadOnlyDictionary<long, Address> addresses,
        IReadOnlyDictionary<long, Carrier> carriers, IReadOnlyDictionary<long, Currency> currencies)
    {
        var customer = customers.GetValueOrDefault(order.IdCustomer);
        var address = addresses.GetValueOrDefault(order.IdAddressDelivery);
        var carrier = order.IdCarrier > 0 ? carriers.GetValueOrDefault(order.IdCarrier) : null;
        var customerName = Join(customer?.FirstName, customer?.LastName) ?? Join(address?.FirstName, address?.LastName) ?? $"Customer {order.IdCustomer}";
        var phone = Blank(address?.PhoneMobile) ?? Blank(address?.Phone);
        var shipTo = new ShippingAddress(
            Join(address?.FirstName, address?.LastName) ?? customerName, Blank(address?.Company), Blank(address?.Address1), Blank(address?.Address2),
            Blank(address?.Postcode), Blank(address?.City), null, null, phone);
        // An edited carrier gets a new id but keeps its id_reference; a carrier missing from the listing is named by its id.
        var carrierReference = order.IdCarrier <= 0 ? null : ProductKeys.Id(carrier is { IdReference: > 0 } c ? c.IdReference : order.IdCarrier);
        var totals = new OrderTotals(order.TotalProducts, order.TotalShippingTaxIncl,
            Math.Max(0, order.TotalPaidTaxIncl - order.TotalPaidTaxExcl), order.TotalPaid);
        var lines = order.Rows.Select(r => new IncomingOrderLine(ProductKeys.Sku(r.ProductId, r.ProductAttributeId),
            Blank(r.ProductReference) ?? ProductKeys.Sku(r.ProductId, r.ProductAttributeId), r.ProductName, r.ProductQuantity,
            r.UnitPriceTaxIncl)).ToList();
        return new IncomingOrder(ProductKeys.Id(order.Id), Blank(order.Reference), ProductKeys.Id(order.CurrentState),
            new OrderCustomer(customerName, Blank(customer?.Email), phone), shipTo, carrierReference,
            carrier?.Name ?? (carrierReference is null ? null : $"carrier {order.IdCarrier}"), Blank(order.Payment),
            currencies.GetValueOrDefault(order.IdCurrency)?.IsoCode is { Length: 3 } iso ? iso : "EUR",
            totals, order.DateAdd ?? DateTime.MinValue, lines);
    }

    private static string? Join(string? first, string? last) => Blank($"{first} {last}".Trim());

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
