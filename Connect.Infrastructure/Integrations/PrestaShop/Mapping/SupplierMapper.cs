using Connect.Domain.Catalog;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Sync;
using Supplier = Connect.Infrastructure.Integrations.PrestaShop.Api.Supplier;
using ProductSupplier = Connect.Infrastructure.Integrations.PrestaShop.Api.ProductSupplier;

namespace Connect.Infrastructure.Integrations.PrestaShop.Mapping;

/// <summary>PrestaShop suppliers and their product rows as neutral records. Pure.</summary>
public static class SupplierMapper
{
    /// <summary>A supplier with its address when the shop has one (PrestaShop keeps it in <c>addresses</c>).</summary>
    public static IncomingSupplier Map(Supplier supplier, SupplierAddress? address, IReadOnlyDictionary<long, string> countryCodes) =>
        new(ProductKeys.Id(supplier.Id),
            ProductMapper.Clean(supplier.Name) ?? $"Supplier {supplier.Id}",
            supplier.Active,
            address is null ? null : MapAddress(address, countryCodes));

    private static PostalAddress? MapAddress(SupplierAddress a, IReadOnlyDictionary<long, string> countryCodes)
    {
        var country = countryCodes.TryGetValue(a.IdCountry, out var iso) ? ProductMapper.Clean(iso)?.ToUpperInvariant() : null;
        var mapped = new PostalAddress(
            ProductMapper.Clean(a.Company), ProductMapper.Clean(a.Address1), ProductMapper.Clean(a.Address2), ProductMapper.Clean(a.Postcode),
            ProductMapper.Clean(a.City), null, country, ProductMapper.Clean(a.Phone) ?? ProductMapper.Clean(a.PhoneMobile));
        return mapped == new PostalAddress(null, null, null, null, null, null, null, null) ? null : mapped;
    }

    /// <summary>The address to keep for a supplier: its first live one (a shop can hold deleted rows too).</summary>
    public static SupplierAddress? PickAddress(IEnumerable<SupplierAddress> addresses, long supplierId) =>
        addresses.Where(a => a.IdSupplier == supplierId && !a.Deleted).OrderBy(a => a.Id).FirstOrDefault();

    /// <summary>
    /// A product_suppliers row for the SKU it names. Rows with id_product_attribute 0 on a product with combinations are
    /// PrestaShop's product-level bookkeeping, not a SKU: the feed skips them when no such SKU exists.
    /// </summary>
    public static IncomingProductSupplier Map(ProductSupplier row, IReadOnlyDictionary<long, string> currencyCodes) =>
        new(ProductKeys.Id(row.Id),
            ProductKeys.Sku(row.IdProduct, row.IdProductAttribute),
            ProductKeys.Parent(row.IdProduct),
            ProductKeys.Id(row.IdSupplier),
            ProductMapper.Clean(row.ProductSupplierReference),
            Math.Round(Math.Max(0, row.ProductSupplierPriceTe), 4, MidpointRounding.AwayFromZero),
            currencyCodes.TryGetValue(row.IdCurrency, out var iso) ? iso.Trim().ToUpperInvariant() : "");
}
