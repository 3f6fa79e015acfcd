using System.Xml.Linq;
using static Connect.Infrastructure.Integrations.PrestaShop.Api.PsXml;

namespace Connect.Infrastructure.Integrations.PrestaShop.Api;

/// <summary>A typed Webservice resource: its URL name, its XML element name and a parser.</summary>
public interface IPrestaShopResource<TSelf> where TSelf : IPrestaShopResource<TSelf>
{
    static abstract string ResourceName { get; }
    static abstract string ElementName { get; }
    static abstract TSelf Parse(XElement element, int? languageId);
}

public sealed record StockAvailableRef(long Id, long IdProductAttribute);

/// <summary>An item of a pack (product_bundle association); it is a reference, never a product of the listing.</summary>
public sealed record PackItem(long ProductId, long ProductAttributeId, int Quantity);

public sealed record Product(
    long Id, string Reference, string Ean13, string Isbn, string Upc, string Mpn, string Name, string Description,
    string DescriptionShort, string LinkRewrite, decimal Price, decimal WholesalePrice, decimal Weight, bool Active,
    string ProductType, string Type, bool IsPack, bool IsVirtual, long IdManufacturer, long IdSupplier,
    long IdCategoryDefault, long IdDefaultImage, long IdDefaultCombination, long IdTaxRulesGroup, string SupplierReference,
    bool AdvancedStockManagement, DateTime? DateAdd, DateTime? DateUpd,
    IReadOnlyList<long> CategoryIds, IReadOnlyList<long> ImageIds, IReadOnlyList<long> CombinationIds,
    IReadOnlyList<long> ProductOptionValueIds, IReadOnlyList<StockAvailableRef> StockAvailables, IReadOnlyList<PackItem> PackItems)
    : IPrestaShopResource<Product>, IChangeTracked
{
    public static string ResourceName => "products";
    public static string ElementName => "product";

    public static Product Parse(XElement e, int? lang) => new(
        RecordId(e), Str(e, "reference"), Str(e, "ean13"), Str(e, "isbn"), Str(e, "upc"), Str(e, "mpn"),
        Lang(e, "name", lang), Lang(e, "description", lang), Lang(e, "description_short", lang), Lang(e, "link_rewrite", lang),
        Dec(e, "price"), Dec(e, "wholesale_price"), Dec(e, "weight"), Bool(e, "active"),
        Str(e, "product_type"), Str(e, "type"), Bool(e, "cache_is_pack") || Str(e, "type") == "pack", Bool(e, "is_virtual"),
        Long(e, "id_manufacturer"), Long(e, "id_supplier"), Long(e, "id_category_default"), Long(e, "id_default_image"),
        Long(e, "id_default_combination"), Long(e, "id_tax_rules_group"), Str(e, "supplier_reference"),
        Bool(e, "advanced_stock_management"), Date(e, "date_add"), Date(e, "date_upd"),
        AssociationIds(e, "categories"), AssociationIds(e, "images"), AssociationIds(e, "combinations"),
        AssociationIds(e, "product_option_values"),
        Association(e, "stock_availables").Select(s => new StockAvailableRef(Long(s, "id"), Long(s, "id_product_attribute"))).ToList(),
        Association(e, "product_bundle").Select(p => new PackItem(Long(p, "id"), Long(p, "id_product_attribute"), Int(p, "quantity"))).ToList());
}

public sealed record Combination(
    long Id, long IdProduct, string Reference, string Ean13, string Isbn, string Upc, string Mpn, string SupplierReference,
    decimal Price, decimal WholesalePrice, decimal Weight, int MinimalQuantity, bool DefaultOn,
    IReadOnlyList<long> ProductOptionValueIds, IReadOnlyList<long> ImageIds) : IPrestaShopResource<Combination>
{
    public static string ResourceName => "combinations";
    public static string ElementName => "combination";

    public static Combination Parse(XElement e, int? lang) => new(
        RecordId(e), Long(e, "id_product"), Str(e, "reference"), Str(e, "ean13"), Str(e, "isbn"), Str(e, "upc"), Str(e, "mpn"),
        Str(e, "supplier_reference"), Dec(e, "price"), Dec(e, "wholesale_price"), Dec(e, "weight"), Int(e, "minimal_quantity"),
        Bool(e, "default_on"), AssociationIds(e, "product_option_values"), AssociationIds(e, "images"));
}

/// <summary>An attribute value ("M", "Blue"); its group is a product option.</summary>
public sealed record ProductOptionValue(long Id, long IdAttributeGroup, string Name, string Color, int Position)
    : IPrestaShopResource<ProductOptionValue>
{
    public static string ResourceName => "product_option_values";
    public static string ElementName => "product_option_value";

    public static ProductOptionValue Parse(XElement e, int? lang) => new(
        RecordId(e), Long(e, "id_attribute_group"), Lang(e, "name", lang), Str(e, "color"), Int(e, "position"));
}

/// <summary>An attribute group ("Size", "Color").</summary>
public sealed record ProductOption(long Id, string Name, string PublicName, string GroupType, bool IsColorGroup, int Position,
    IReadOnlyList<long> ProductOptionValueIds) : IPrestaShopResource<ProductOption>
{
    public static string ResourceName => "product_options";
    public static string ElementName => "product_option";

    public static ProductOption Parse(XElement e, int? lang) => new(
        RecordId(e), Lang(e, "name", lang), Lang(e, "public_name", lang), Str(e, "group_type"), Bool(e, "is_color_group"),
        Int(e, "position"), AssociationIds(e, "product_option_values"));

    /// <summary>"Size: M - Color: Blue" from a combination's option value ids.</summary>
    public static string Label(IEnumerable<long> optionValueIds, IReadOnlyDictionary<long, ProductOptionValue> values,
        IReadOnlyDictionary<long, ProductOption> options) =>
        string.Join(" - ", optionValueIds
            .Select(id => values.GetValueOrDefault(id))
            .OfType<ProductOptionValue>()
            .Select(v => options.GetValueOrDefault(v.IdAttributeGroup) is { } o
                ? $"{(o.PublicName.Length > 0 ? o.PublicName : o.Name)}: {v.Name}"
                : v.Name));
}

public sealed record StockAvailable(long Id, long IdProduct, long IdProductAttribute, long IdShop, long IdShopGroup, int Quantity,
    bool DependsOnStock, int OutOfStock, string Location) : IPrestaShopResource<StockAvailable>
{
    public static string ResourceName => "stock_availables";
    public static string ElementName => "stock_available";

    public static StockAvailable Parse(XElement e, int? lang) => new(
        RecordId(e), Long(e, "id_product"), Long(e, "id_product_attribute"), Long(e, "id_shop"), Long(e, "id_shop_group"),
        Int(e, "quantity"), Bool(e, "depends_on_stock"), Int(e, "out_of_stock"), Str(e, "location"));
}

public sealed record OrderRow(long Id, long ProductId, long ProductAttributeId, int ProductQuantity, string ProductName,
    string ProductReference, string ProductEan13, string ProductUpc, decimal ProductPrice, decimal UnitPriceTaxIncl,
    decimal UnitPriceTaxExcl);

public sealed record Order(
    long Id, string Reference, long IdCustomer, long IdCarrier, long IdAddressDelivery, long IdAddressInvoice, long IdCurrency,
    long IdLang, long IdCart, long CurrentState, string Module, string Payment, bool Valid, long IdShop, long IdShopGroup,
    string ShippingNumber, string Note, bool Gift, string GiftMessage, decimal TotalDiscountsTaxIncl, decimal TotalDiscountsTaxExcl,
    decimal TotalPaid, decimal TotalPaidTaxIncl, decimal TotalPaidTaxExcl, decimal TotalPaidReal, decimal TotalProducts,
    decimal TotalProductsWt, decimal TotalShippingTaxIncl, decimal TotalShippingTaxExcl, decimal CarrierTaxRate,
    decimal TotalWrappingTaxIncl, decimal TotalWrappingTaxExcl, decimal ConversionRate, DateTime? InvoiceDate,
    DateTime? DeliveryDate, DateTime? DateAdd, DateTime? DateUpd, IReadOnlyList<OrderRow> Rows) : IPrestaShopResource<Order>, IChangeTracked
{
    public static string ResourceName => "orders";
    public static string ElementName => "order";

    public static Order Parse(XElement e, int? lang) => new(
        RecordId(e), Str(e, "reference"), Long(e, "id_customer"), Long(e, "id_carrier"), Long(e, "id_address_delivery"),
        Long(e, "id_address_invoice"), Long(e, "id_currency"), Long(e, "id_lang"), Long(e, "id_cart"), Long(e, "current_state"),
        Str(e, "module"), Str(e, "payment"), Bool(e, "valid"), Long(e, "id_shop"), Long(e, "id_shop_group"),
        Str(e, "shipping_number"), Str(e, "note"), Bool(e, "gift"), Str(e, "gift_message"),
        Dec(e, "total_discounts_tax_incl"), Dec(e, "total_discounts_tax_excl"), Dec(e, "total_paid"), Dec(e, "total_paid_tax_incl"),
        Dec(e, "total_paid_tax_excl"), Dec(e, "total_paid_real"), Dec(e, "total_products"), Dec(e, "total_products_wt"),
        Dec(e, "total_shipping_tax_incl"), Dec(e, "total_shipping_tax_excl"), Dec(e, "carrier_tax_rate"),
        Dec(e, "total_wrapping_tax_incl"), Dec(e, "total_wrapping_tax_excl"), Dec(e, "conversion_rate"),
        Date(e, "invoice_date"), Date(e, "delivery_date"), Date(e, "date_add"), Date(e, "date_upd"),
        Association(e, "order_rows").Select(r => new OrderRow(
            Long(r, "id"), Long(r, "product_id"), Long(r, "product_attribute_id"), Int(r, "product_quantity"), Str(r, "product_name"),
            Str(r, "product_reference"), Str(r, "product_ean13"), Str(r, "product_upc"), Dec(r, "product_price"),
            Dec(r, "unit_price_tax_incl"), Dec(r, "unit_price_tax_excl"))).ToList());
}

public sealed record OrderDetail(long Id, long IdOrder, long ProductId, long ProductAttributeId, long IdShop, long IdWarehouse,
    string ProductName, string ProductReference, string ProductEan13, string ProductUpc, int ProductQuantity,
    int ProductQuantityRefunded, int ProductQuantityReturn, int ProductQuantityReinjected, decimal ProductPrice,
    decimal UnitPriceTaxIncl, decimal UnitPriceTaxExcl, decimal TotalPriceTaxIncl, decimal TotalPriceTaxExcl,
    decimal ReductionAmountTaxIncl, decimal ReductionPercent, decimal ProductWeight) : IPrestaShopResource<OrderDetail>
{
    public static string ResourceName => "order_details";
    public static string ElementName => "order_detail";

    public static OrderDetail Parse(XElement e, int? lang) => new(
        RecordId(e), Long(e, "id_order"), Long(e, "product_id"), Long(e, "product_attribute_id"), Long(e, "id_shop"),
        Long(e, "id_warehouse"), Str(e, "product_name"), Str(e, "product_reference"), Str(e, "product_ean13"), Str(e, "product_upc"),
        Int(e, "product_quantity"), Int(e, "product_quantity_refunded"), Int(e, "product_quantity_return"),
        Int(e, "product_quantity_reinjected"), Dec(e, "product_price"), Dec(e, "unit_price_tax_incl"), Dec(e, "unit_price_tax_excl"),
        Dec(e, "total_price_tax_incl"), Dec(e, "total_price_tax_excl"), Dec(e, "reduction_amount_tax_incl"),
        Dec(e, "reduction_percent"), Dec(e, "product_weight"));
}

public sealed record OrderHistory(long Id, long IdOrder, long IdOrderState, long IdEmployee, DateTime? DateAdd)
    : IPrestaShopResource<OrderHistory>
{
    public static string ResourceName => "order_histories";
    public static string ElementName => "order_history";

    public static OrderHistory Parse(XElement e, int? lang) =>
        new(RecordId(e), Long(e, "id_order"), Long(e, "id_order_state"), Long(e, "id_employee"), Date(e, "date_add"));
}

public sealed record OrderCarrier(long Id, long IdOrder, long IdCarrier, long IdOrderInvoice, decimal Weight,
    decimal ShippingCostTaxExcl, decimal ShippingCostTaxIncl, string TrackingNumber, DateTime? DateAdd)
    : IPrestaShopResource<OrderCarrier>
{
    public static string ResourceName => "order_carriers";
    public static string ElementName => "order_carrier";

    public static OrderCarrier Parse(XElement e, int? lang) => new(
        RecordId(e), Long(e, "id_order"), Long(e, "id_carrier"), Long(e, "id_order_invoice"), Dec(e, "weight"),
        Dec(e, "shipping_cost_tax_excl"), Dec(e, "shipping_cost_tax_incl"), Str(e, "tracking_number"), Date(e, "date_add"));
}

public sealed record OrderState(long Id, string Name, bool Paid, bool Shipped, bool Delivery, bool Logable, bool Invoice,
    bool Deleted, bool Hidden, bool SendEmail, bool Unremovable, string Color, string ModuleName, string Template)
    : IPrestaShopResource<OrderState>
{
    public static string ResourceName => "order_states";
    public static string ElementName => "order_state";

    public static OrderState Parse(XElement e, int? lang) => new(
        RecordId(e), Lang(e, "name", lang), Bool(e, "paid"), Bool(e, "shipped"), Bool(e, "delivery"), Bool(e, "logable"),
        Bool(e, "invoice"), Bool(e, "deleted"), Bool(e, "hidden"), Bool(e, "send_email"), Bool(e, "unremovable"),
        Str(e, "color"), Str(e, "module_name"), Lang(e, "template", lang));
}

/// <summary>A carrier; PrestaShop creates a new id on every edit, id_reference stays: bind on IdReference.</summary>
public sealed record Carrier(long Id, long IdReference, string Name, bool Active, bool Deleted, bool IsFree, bool IsModule,
    string ExternalModuleName, string Url, string Delay) : IPrestaShopResource<Carrier>
{
    public static string ResourceName => "carriers";
    public static string ElementName => "carrier";

    public static Carrier Parse(XElement e, int? lang) => new(
        RecordId(e), Long(e, "id_reference"), Str(e, "name"), Bool(e, "active"), Bool(e, "deleted"), Bool(e, "is_free"),
        Bool(e, "is_module"), Str(e, "external_module_name"), Str(e, "url"), Lang(e, "delay", lang));
}

public sealed record Customer(long Id, string FirstName, string LastName, string Email, string Company, bool Active,
    bool Deleted, bool IsGuest, long IdLang, long IdDefaultGroup, long IdShop, DateTime? DateAdd, DateTime? DateUpd)
    : IPrestaShopResource<Customer>, IChangeTracked
{
    public static string ResourceName => "customers";
    public static string ElementName => "customer";

    public static Customer Parse(XElement e, int? lang) => new(
        RecordId(e), Str(e, "firstname"), Str(e, "lastname"), Str(e, "email"), Str(e, "company"), Bool(e, "active"),
        Bool(e, "deleted"), Bool(e, "is_guest"), Long(e, "id_lang"), Long(e, "id_default_group"), Long(e, "id_shop"),
        Date(e, "date_add"), Date(e, "date_upd"));
}

public sealed record Address(long Id, long IdCustomer, long IdCountry, long IdState, string Alias, string Company,
    string FirstName, string LastName, string Address1, string Address2, string Postcode, string City, string Phone,
    string PhoneMobile, string VatNumber, string Dni, string Other, bool Deleted, DateTime? DateAdd, DateTime? DateUpd)
    : IPrestaShopResource<Address>, IChangeTracked
{
    public static string ResourceName => "addresses";
    public static string ElementName => "address";

    public static Address Parse(XElement e, int? lang) => new(
        RecordId(e), Long(e, "id_customer"), Long(e, "id_country"), Long(e, "id_state"), Str(e, "alias"), Str(e, "company"),
        Str(e, "firstname"), Str(e, "lastname"), Str(e, "address1"), Str(e, "address2"), Str(e, "postcode"), Str(e, "city"),
        Str(e, "phone"), Str(e, "phone_mobile"), Str(e, "vat_number"), Str(e, "dni"), Str(e, "other"), Bool(e, "deleted"),
        Date(e, "date_add"), Date(e, "date_upd"));
}

public sealed record Supplier(long Id, string Name, bool Active, DateTime? DateAdd, DateTime? DateUpd) : IPrestaShopResource<Supplier>, IChangeTracked
{
    public static string ResourceName => "suppliers";
    public static string ElementName => "supplier";

    public static Supplier Parse(XElement e, int? lang) =>
        new(RecordId(e), Str(e, "name"), Bool(e, "active"), Date(e, "date_add"), Date(e, "date_upd"));
}

public sealed record ProductSupplier(long Id, long IdProduct, long IdProductAttribute, long IdSupplier, long IdCurrency,
    string ProductSupplierReference, decimal ProductSupplierPriceTe) : IPrestaShopResource<ProductSupplier>
{
    public static string ResourceName => "product_suppliers";
    public static string ElementName => "product_supplier";

    public static ProductSupplier Parse(XElement e, int? lang) => new(
        RecordId(e), Long(e, "id_product"), Long(e, "id_product_attribute"), Long(e, "id_supplier"), Long(e, "id_currency"),
        Str(e, "product_supplier_reference"), Dec(e, "product_supplier_price_te"));
}

public sealed record Shop(long Id, long IdShopGroup, string Name, bool Active, bool Deleted) : IPrestaShopResource<Shop>
{
    public static string ResourceName => "shops";
    public static string ElementName => "shop";

    public static Shop Parse(XElement e, int? lang) =>
        new(RecordId(e), Long(e, "id_shop_group"), Str(e, "name"), Bool(e, "active"), Bool(e, "deleted"));
}

/// <summary>A configuration row; id_shop/id_shop_group are empty for global values.</summary>
public sealed record Configuration(long Id, string Name, string Value, long? IdShop, long? IdShopGroup) : IPrestaShopResource<Configuration>
{
    public static string ResourceName => "configurations";
    public static string ElementName => "configuration";

    public static Configuration Parse(XElement e, int? lang) =>
        new(RecordId(e), Str(e, "name"), Str(e, "value"), OptLong(e, "id_shop"), OptLong(e, "id_shop_group"));
}

public sealed record Language(long Id, string Name, string IsoCode, string Locale, bool Active) : IPrestaShopResource<Language>
{
    public static string ResourceName => "languages";
    public static string ElementName => "language";

    public static Language Parse(XElement e, int? lang) =>
        new(RecordId(e), Str(e, "name"), Str(e, "iso_code"), Str(e, "locale"), Bool(e, "active"));
}

/// <summary>Image ids of one product (/api/images/products/{id}).</summary>
public sealed record ProductImageList(long ProductId, IReadOnlyList<long> ImageIds)
{
    public static ProductImageList Parse(XDocument doc, long productId)
    {
        var image = doc.Root?.Element("image");
        var ids = image?.Elements("declination")
            .Select(d => long.TryParse((string?)d.Attribute("id"), out var id) ? id : 0)
            .Where(id => id > 0)
            .ToList() ?? [];
        return new(productId, ids);
    }
}

public sealed record ImageDownload(byte[] Content, string ContentType);

/// <summary>A resource of the API root listing with what the key may do on it.</summary>
public sealed record ResourcePermission(string Resource, bool Get, bool Put, bool Post, bool Patch, bool Delete, bool Head)
{
    public bool Allows(HttpMethod method) => method.Method switch
    {
        "GET" => Get,
        "PUT" => Put,
        "POST" => Post,
        "PATCH" => Patch,
        "DELETE" => Delete,
        "HEAD" => Head,
        _ => false,
    };
}

/// <summary>GET /api/: the shop name and the key's permissions per resource.</summary>
public sealed record ApiRoot(string ShopName, IReadOnlyDictionary<string, ResourcePermission> Resources)
{
    public static ApiRoot Parse(XDocument doc)
    {
        var api = doc.Root?.Element("api");
        var resources = new Dictionary<string, ResourcePermission>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in api?.Elements() ?? [])
        {
            bool Flag(string name) => string.Equals((string?)r.Attribute(name), "true", StringComparison.OrdinalIgnoreCase);
            resources[r.Name.LocalName] = new ResourcePermission(
                r.Name.LocalName, Flag("get"), Flag("put"), Flag("post"), Flag("patch"), Flag("delete"), Flag("head"));
        }
        return new((string?)api?.Attribute("shopName") ?? "", resources);
    }
}
