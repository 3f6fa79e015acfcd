using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Connect.PrestaShop.Simulator.Data;
using Microsoft.AspNetCore.Http;

namespace Connect.PrestaShop.Simulator.Http;

/// <summary>PUT/PATCH/POST/DELETE as the real webservice applies them (see README "Writing").</summary>
internal sealed partial class WriteRules(SimulatedShop shop, ResourceTable table, string baseUrl, IQueryCollection query, bool warningsAfterWrite)
{
    private static readonly Dictionary<string, string> ClassNames = new(StringComparer.Ordinal)
    {
        ["products"] = "Product", ["combinations"] = "Combination", ["stock_availables"] = "StockAvailable", ["orders"] = "Order",
        ["order_details"] = "OrderDetail", ["order_histories"] = "OrderHistory", ["order_carriers"] = "OrderCarrier",
        ["order_states"] = "OrderState", ["carriers"] = "Carrier", ["customers"] = "Customer", ["addresses"] = "Address",
        ["suppliers"] = "Supplier", ["product_suppliers"] = "ProductSupplier", ["shops"] = "Shop", ["configurations"] = "Configuration",
        ["languages"] = "Language", ["currencies"] = "Currency", ["product_options"] = "AttributeGroup", ["product_option_values"] = "Attribute",
    };

    [GeneratedRegex(@"^[~:#,%&_=\(\)\[\]\.\? \+\-@\/a-zA-Z0-9]+$")]
    private static partial Regex TrackingNumber();

    private ResourceSchema Schema => table.Schema;
    private ShopState State => shop.State;
    private string ClassName => ClassNames.GetValueOrDefault(Schema.Name, Schema.ElementName);

    private void ForbidReadOnlyResource(string method)
    {
        // stock_availables rows only come from products/combinations; 1.5 product_suppliers are read-only.
        if (Schema.Name == "stock_availables" && method is "POST" or "DELETE"
            || Schema.Name == "product_suppliers" && shop.Profile.ProductSuppliersReadOnly)
            throw new WsError(405, (101, $"Method {method} is not allowed for the resource {Schema.Name}"));
    }

    public WsResult Put(int? urlId, string body, bool partial)
    {
        if (partial is false) ForbidReadOnlyResource("PUT");
        var entity = ParseBody(body);
        var idText = entity.Element("id")?.Value.Trim() ?? "";
        if (idText.Length == 0) throw new WsError(400, (90, "id is required when modifying a resource"));
        if (!int.TryParse(idText, CultureInfo.InvariantCulture, out var id)) throw new WsError(400, (90, "id is required when modifying a resource"));
        // The body id wins; a different URL id made the real shop hit a duplicate key (500, empty body).
        if (urlId is { } u && u != id) throw new WsError(500);
        var row = table.Find(id) ?? throw new WsError(404, (87, $"Id(s) not exists: {id}"));

        var warnings = new List<(int, string)>();
        if (Schema.Name == "products" && entity.Element("position_in_category") is not null && shop.Profile.PhpWarnings)
            warnings.Add((3, "[PHP Warning #2] Trying to access array offset on value of type null (/var/www/prestashop/classes/Product.php, line 7245)"));
        if (Schema.Fields.FirstOrDefault(f => f.ReadOnly && entity.Element(f.Name) is not null) is { } ro)
            throw new WsError(400, [.. warnings, (93, $"parameter \"{ro.Name}\" not writable. Please remove this attribute of this XML")]);
        if (!partial && Schema.Fields.FirstOrDefault(f => f.Required && entity.Element(f.Name) is null) is { } missing)
            throw new WsError(400, (41, $"parameter \"{missing.Name}\" required"));
        Validate(entity, partial);
        if (warnings.Count > 0) throw new WsError(500, [.. warnings]);

        if (Schema.Name == "stock_availables")
        {
            if (row["depends_on_stock"] == "1")
                throw new WsError(500, (133, "You cannot update the available stock when it depends on stock"));
            // A write to the product-level row of a product with combinations is silently dropped (OpenLinker #2925).
            if (row.Int("id_product_attribute") == 0 && State.HasCombinations(row.Int("id_product")))
                return Answer(200, row, null);
        }

        var overrides = Apply(row, entity, partial);
        var now = State.NowText();
        if (Schema.Field("date_upd") is not null) row["date_upd"] = now;
        switch (Schema.Name)
        {
            case "stock_availables":
                State.RecomputeProductStock(row.Int("id_product"), row.Int("id_shop"));
                break;
            case "order_carriers" when State.Table("orders").Find(row.Int("id_order")) is { } order:
                order["shipping_number"] = row["tracking_number"];
                order["date_upd"] = now;
                if (query["sendemail"] == "1" && shop.Profile.OrderCarrierSendEmail)
                    State.Mails.Add(new SentMail("in_transit", order.Id, State.Clock()));
                break;
            case "products":
                // The saved object is printed with quantity empty: the deprecated column is not reloaded (recorded).
                overrides[Schema.Field("quantity")!] = "";
                break;
        }
        return Answer(200, row, overrides);
    }

    public WsResult Post(string body)
    {
        ForbidReadOnlyResource("POST");
        var entity = ParseBody(body);
        if ((entity.Element("id")?.Value.Trim() ?? "").Length > 0)
            throw new WsError(400, (91, "id is forbidden when adding a new resource"));
        if (Schema.Fields.FirstOrDefault(f => f.Required && entity.Element(f.Name) is null) is { } missing)
            throw new WsError(400, (41, $"parameter \"{missing.Name}\" required"));
        Validate(entity, partial: false);
        return Schema.Name == "order_histories" ? PostOrderHistory(entity) : Create(entity);
    }

    public WsResult Delete(int? id)
    {
        ForbidReadOnlyResource("DELETE");
        if (id is null) throw new WsError(400, (78, "The \"id\" parameter is required to delete a resource"));
        if (!table.Remove(id.Value)) throw new WsError(404, (87, $"Id(s) not exists: {id}"));
        return AfterWrite(WsResult.Empty(200, WsResult.Xml));
    }

    private WsResult Create(XElement entity)
    {
        var row = new Row(table.NextId, Schema);
        foreach (var f in Schema.Fields)
        {
            if (f.Multilang) row.Lang[f.Index] = [.. State.LanguageIds.Select(_ => "")];
            else row.Values[f.Index] = "";
        }
        row.Values[0] = row.Id.ToString(CultureInfo.InvariantCulture);
        var overrides = Apply(row, entity, partial: true);
        var now = State.NowText();
        foreach (var d in new[] { "date_add", "date_upd" }) if (Schema.Field(d) is not null) row[d] = now;
        table.Add(row);
        return Answer(201, row, overrides);
    }

    private WsResult PostOrderHistory(XElement entity)
    {
        // OrderHistory::addWs throws "Invalid new order status" for unknown ids: uncaught, so 500 with an empty body.
        var order = State.Table("orders").Find(int.Parse(entity.Element("id_order")!.Value.Trim(), CultureInfo.InvariantCulture)) ?? throw new WsError(500);
        var stateRow = State.Table("order_states").Find(int.Parse(entity.Element("id_order_state")!.Value.Trim(), CultureInfo.InvariantCulture)) ?? throw new WsError(500);
        var now = State.NowText();
        var history = new Row(table.NextId, Schema);
        history["id"] = history.Id.ToString(CultureInfo.InvariantCulture);
        history["id_employee"] = "0";
        history["id_order_state"] = stateRow.Id.ToString(CultureInfo.InvariantCulture);
        history["id_order"] = order.Id.ToString(CultureInfo.InvariantCulture);
        history["date_add"] = now;
        table.Add(history);

        order["current_state"] = stateRow.Id.ToString(CultureInfo.InvariantCulture);
        order["date_upd"] = now;
        if (stateRow["logable"] == "1") order["valid"] = "1";
        if (stateRow["invoice"] == "1" && order.Int("invoice_number") == 0)
        {
            order["invoice_number"] = (State.Table("orders").Rows.Max(o => o.Int("invoice_number")) + 1).ToString(CultureInfo.InvariantCulture);
            order["invoice_date"] = now;
        }
        if (stateRow["delivery"] == "1" && order.Int("delivery_number") == 0)
        {
            order["delivery_number"] = (State.Table("orders").Rows.Max(o => o.Int("delivery_number")) + 1).ToString(CultureInfo.InvariantCulture);
            order["delivery_date"] = now;
        }
        if (query["sendemail"] == "1" && stateRow["send_email"] == "1")
            State.Mails.Add(new SentMail($"order_state_{stateRow.Id}", order.Id, State.Clock()));
        var employee = entity.Element("id_employee")?.Value ?? "";
        return Answer(201, history, new Dictionary<FieldDef, string> { [Schema.Field("id_employee")!] = employee });
    }

    /// <summary>
    /// Copies the body into the row. A full PUT sets every omitted writable field to NULL like the shop:
    /// the answer shows it empty, the stored value becomes the column default (0, 0.000000, '').
    /// Virtual fields (notFilterable getters) and read-only fields keep their value.
    /// </summary>
    private Dictionary<FieldDef, string> Apply(Row row, XElement entity, bool partial)
    {
        var overrides = new Dictionary<FieldDef, string>();
        var now = State.NowText();
        foreach (var f in Schema.Fields)
        {
            if (f.Name == "id") continue;
            var e = entity.Element(f.Name);
            if (f.Multilang)
            {
                var values = row.Lang[f.Index] ??= [.. State.LanguageIds.Select(_ => "")];
                if (e is null) { if (!partial) for (var i = 0; i < values.Length; i++) values[i] = ""; continue; }
                var langs = e.Elements("language").ToList();
                if (langs.Count == 0) { for (var i = 0; i < values.Length; i++) values[i] = e.Value; continue; }
                foreach (var l in langs)
                {
                    var at = State.LanguageIds.ToList().IndexOf(int.TryParse(l.Attribute("id")?.Value, CultureInfo.InvariantCulture, out var lid) ? lid : -1);
                    if (at >= 0) values[at] = l.Value;
                }
                continue;
            }
            if (f.ReadOnly) continue;
            if (e is not null) { row.Values[f.Index] = e.Value.Trim(); continue; }
            if (partial || f.NotFilterable) continue;
            if (f.Name == "date_add") { row.Values[f.Index] = now; continue; }
            overrides[f] = "";
            row.Values[f.Index] = ColumnDefault(row.Values[f.Index] ?? "");
        }
        if (entity.Element("associations") is { } assoc)
        {
            for (var i = 0; i < Schema.Associations.Count; i++)
            {
                var def = Schema.Associations[i];
                if (assoc.Element(def.Name) is not { } group) continue;
                row.Assoc[i].Clear();
                foreach (var item in group.Elements())
                    row.Assoc[i].Add([.. def.ItemFields.Select(f => item.Element(f.Name)?.Value.Trim() ?? "")]);
            }
        }
        return overrides;
    }

    private static string ColumnDefault(string previous)
    {
        if (Regex.IsMatch(previous, @"^-?\d+$")) return "0";
        if (Regex.IsMatch(previous, @"^-?\d+\.\d+$")) return "0." + new string('0', previous.Length - previous.IndexOf('.') - 1);
        if (Regex.IsMatch(previous, @"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")) return "0000-00-00 00:00:00";
        return "";
    }

    private void Validate(XElement entity, bool partial)
    {
        foreach (var f in Schema.Fields)
        {
            if (f.Multilang || f.Name == "id" || entity.Element(f.Name) is not { } e) continue;
            var v = e.Value.Trim();
            if (v.Length == 0)
            {
                if (f.Required && !partial) throw Invalid($"Property {ClassName}-&gt;{f.Name} is empty.");
                continue;
            }
            switch (f.Format)
            {
                case "isInt" or "isNullOrUnsignedId" or "isUnsignedId" or "isUnsignedInt":
                    var unsigned = f.Format != "isInt";
                    if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || (unsigned && n < 0))
                        throw Invalid(unsigned
                            ? $"The range of property {ClassName}-&gt;{f.Name} is currently 0. It must be between 0 and 4294967295."
                            : $"The range of property {ClassName}-&gt;{f.Name} is currently 0. It must be between -2147483648 and 2147483647.");
                    break;
                case "isBool" when v is not ("0" or "1" or "true" or "false"):
                case "isFloat" or "isUnsignedFloat" or "isPrice" or "isNegativePrice" when !decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out _):
                case "isTrackingNumber" when !TrackingNumber().IsMatch(v):
                    throw Invalid($"Property {ClassName}-&gt;{f.Name} is not valid");
            }
        }
    }

    private static WsError Invalid(string message) => new(400, (85, $"Validation error: \"{message}\""));

    /// <summary>Malformed XML: SimpleXMLElement warnings (code 3) then code 127, as a 500.</summary>
    private XElement ParseBody(string body)
    {
        if (body.StartsWith("xml=", StringComparison.Ordinal)) body = Uri.UnescapeDataString(body[4..].Replace('+', ' '));
        XDocument doc;
        try { doc = XDocument.Parse(body); }
        catch (XmlException e)
        {
            var phpWarnings = body.Length == 0 ? [] : new[]
            {
                (3, $"[PHP Warning #2] SimpleXMLElement::__construct(): Entity: line {e.LineNumber}: parser error : {e.Message} (/var/www/prestashop/classes/webservice/WebserviceRequest.php, line 1544)"),
            };
            throw new WsError(500, [.. phpWarnings, (127, $"XML error : String could not be parsed as XML\nXML length : {body.Length}\nOriginal XML : {body}")]);
        }
        return doc.Root?.Element(Schema.ElementName)
            ?? throw new WsError(400, (86, $"Bad XML: the element {Schema.ElementName} was not found"));
    }

    private WsResult Answer(int status, Row row, Dictionary<FieldDef, string>? overrides)
    {
        var x = new XmlOutput(baseUrl, State.LanguageIds);
        x.Object(row, null, null, overrides is null ? null : f => overrides.TryGetValue(f, out var v) ? v : null);
        return AfterWrite(WsResult.Text(status, WsResult.Xml, x.Finish()));
    }

    /// <summary>Fault: the write is saved, then PHP notices turn the answer into a 500 (PrestaSharp #36).</summary>
    private WsResult AfterWrite(WsResult ok) => warningsAfterWrite
        ? Webservice.ErrorResult(new WsError(500,
            (3, "[PHP Warning #2] Undefined array key \"id_shop\" (/var/www/prestashop/classes/ObjectModel.php, line 1023)"),
            (3, "[PHP Warning #2] Trying to access array offset on value of type null (/var/www/prestashop/classes/ObjectModel.php, line 1024)")), json: false)
        : ok;
}
