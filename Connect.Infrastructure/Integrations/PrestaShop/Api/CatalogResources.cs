using System.Xml.Linq;
using static Connect.Infrastructure.Integrations.PrestaShop.Api.PsXml;

namespace Connect.Infrastructure.Integrations.PrestaShop.Api;

/// <summary>An address row read for its supplier: PrestaShop keeps a supplier's address in <c>addresses</c> with id_supplier set.</summary>
public sealed record SupplierAddress(long Id, long IdSupplier, long IdCountry, string Company, string Address1, string Address2,
    string Postcode, string City, string Phone, string PhoneMobile, bool Deleted) : IPrestaShopResource<SupplierAddress>
{
    public static string ResourceName => "addresses";
    public static string ElementName => "address";

    public static SupplierAddress Parse(XElement e, int? lang) => new(
        RecordId(e), Long(e, "id_supplier"), Long(e, "id_country"), Str(e, "company"), Str(e, "address1"), Str(e, "address2"),
        Str(e, "postcode"), Str(e, "city"), Str(e, "phone"), Str(e, "phone_mobile"), Bool(e, "deleted"));
}

public sealed record Country(long Id, string IsoCode) : IPrestaShopResource<Country>
{
    public static string ResourceName => "countries";
    public static string ElementName => "country";

    public static Country Parse(XElement e, int? lang) => new(RecordId(e), Str(e, "iso_code"));
}

public sealed record Currency(long Id, string IsoCode) : IPrestaShopResource<Currency>
{
    public static string ResourceName => "currencies";
    public static string ElementName => "currency";

    public static Currency Parse(XElement e, int? lang) => new(RecordId(e), Str(e, "iso_code"));
}
