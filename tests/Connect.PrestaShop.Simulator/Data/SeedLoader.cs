using System.Globalization;
using System.Xml.Linq;
using Connect.PrestaShop.Simulator.Profiles;

namespace Connect.PrestaShop.Simulator.Data;

/// <summary>Builds the shop from the recorded 8.1.2 captures (Seed/8.1.2), trimmed to a version profile.</summary>
public static class SeedLoader
{
    public const string RecordedBase = "http://127.0.0.1:8080/";
    internal static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    public static readonly string[] FullResources =
    [
        "products", "combinations", "stock_availables", "orders", "order_details", "order_histories", "order_carriers",
        "order_states", "carriers", "customers", "addresses", "suppliers", "product_suppliers", "shops",
        "product_options", "product_option_values",
    ];

    public static string DefaultSeedDirectory => Path.Combine(AppContext.BaseDirectory, "Seed", "8.1.2");

    public static ShopState Load(string seedDir, VersionProfile profile)
    {
        var state = new ShopState();
        foreach (var res in FullResources)
            AddTable(state, seedDir, res, [Path.Combine(seedDir, res, "full.xml")], profile);
        AddTable(state, seedDir, "languages", [Path.Combine(seedDir, "quirks", "languages.full.xml")], profile);
        AddTable(state, seedDir, "currencies", [Path.Combine(seedDir, "quirks", "currencies.full.xml")], profile);
        AddTable(state, seedDir, "configurations",
        [
            Path.Combine(seedDir, "configurations", "full.limit-0,5.xml"),
            Path.Combine(seedDir, "configurations", "full.filter-stock-mgmt.xml"),
        ], profile, Path.Combine(seedDir, "configurations", "one.1.xml"));
        FillUnrecordedConfigurations(state, seedDir);

        foreach (var doc in new[] { "root.xml", "images/root.xml", "images/products.xml" })
            state.Documents[doc] = XDocument.Load(Path.Combine(seedDir, doc));
        foreach (var res in state.Tables.Keys)
            foreach (var kind in new[] { "blank", "synopsis" })
                if (File.Exists(Path.Combine(seedDir, res, $"schema-{kind}.xml")))
                    state.Documents[$"{res}/schema-{kind}"] = XDocument.Load(Path.Combine(seedDir, res, $"schema-{kind}.xml"));
        state.RecordedImage = File.ReadAllBytes(Path.Combine(seedDir, "images", "products.1.1.jpg"));
        state.RecordedThumbnail = File.ReadAllBytes(Path.Combine(seedDir, "images", "products.1.1.small_default.jpg"));
        state.ShopName = state.Documents["root.xml"].Root!.Element("api")?.Attribute("shopName")?.Value ?? "PS Lab";
        return state;
    }

    private static void AddTable(ShopState state, string seedDir, string resource, string[] files, VersionProfile profile, string? singleFile = null)
    {
        var rowsXml = new List<XElement>();
        foreach (var f in files)
            rowsXml.AddRange(LoadKeepingCarriageReturns(f).Root!.Elements().First().Elements());
        if (singleFile is not null) rowsXml.Add(LoadKeepingCarriageReturns(singleFile).Root!.Elements().First());
        var elementName = rowsXml[0].Name.LocalName;
        var schema = BuildSchema(resource, elementName, rowsXml, profile);
        var synopsis = Path.Combine(seedDir, resource, "schema-synopsis.xml");
        if (File.Exists(synopsis)) ApplySynopsis(schema, XDocument.Load(synopsis));
        var table = new ResourceTable(schema);
        foreach (var x in rowsXml)
        {
            var id = int.Parse(x.Element("id")!.Value, CultureInfo.InvariantCulture);
            if (table.Find(id) is null) table.Add(ToRow(schema, x, state.LanguageIds));
        }
        state.AddTable(table);
    }

    private const char CarriageReturn = '\uE00D';

    /// <summary>Descriptions hold \r\n inside CDATA; an XML parser would turn them into \n, PrestaShop keeps them.</summary>
    private static XDocument LoadKeepingCarriageReturns(string path) =>
        XDocument.Parse(File.ReadAllText(path).Replace('\r', CarriageReturn));

    private static string Restore(string value) => value.Replace(CarriageReturn, '\r');

    private static ResourceSchema BuildSchema(string resource, string elementName, List<XElement> rows, VersionProfile profile)
    {
        var schema = new ResourceSchema(resource, elementName);
        foreach (var child in rows[0].Elements())
        {
            var name = child.Name.LocalName;
            if (name == "associations")
            {
                foreach (var g in child.Elements()) BuildAssoc(schema, g, rows);
                continue;
            }
            if (profile.Removes(resource, name)) continue;
            var f = schema.AddField(name, child.Element("language") is not null);
            foreach (var a in child.Attributes().Where(a => a.Name.Namespace != XLink))
                f.Attributes.Add(new(a.Name.LocalName, a.Value));
            f.Href = LearnHref(rows.Select(r => (r.Element(name), OwnerId(resource, r))));
        }
        return schema;
    }

    private static void BuildAssoc(ResourceSchema schema, XElement group, List<XElement> rows)
    {
        var name = group.Name.LocalName;
        var allGroups = rows.Select(r => (g: r.Element("associations")?.Element(name), owner: OwnerId(schema.Name, r))).ToList();
        var items = allGroups.SelectMany(x => x.g?.Elements().Select(i => (i, x.owner)) ?? []).ToList();
        var itemName = items.FirstOrDefault().i?.Name.LocalName ?? group.Attribute("nodeType")?.Value ?? name.TrimEnd('s');
        var def = new AssocDef(name, itemName);
        foreach (var a in group.Attributes()) def.Attributes.Add(new(a.Name.LocalName, a.Value));
        var fieldNames = items.SelectMany(x => x.i.Elements().Select(e => e.Name.LocalName)).Distinct().ToList();
        if (fieldNames.Count == 0) fieldNames.Add("id");
        foreach (var fn in fieldNames)
            def.ItemFields.Add(new FieldDef(fn, def.ItemFields.Count, false)
            {
                Href = LearnHref(items.Select(x => (x.i.Element(fn), x.owner))),
            });
        def.ItemHref = LearnItemHref(items);
        schema.Associations.Add(def);
    }

    private static int OwnerId(string resource, XElement row) =>
        int.TryParse(resource == "products" ? row.Element("id")?.Value : row.Element("id_product")?.Value ?? row.Element("id")?.Value,
            CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static HrefRule? LearnHref(IEnumerable<(XElement? e, int owner)> samples)
    {
        var seen = new List<(string prefix, int owner)>();
        var onZero = false;
        foreach (var (e, owner) in samples)
        {
            var href = e?.Attribute(XLink + "href")?.Value;
            if (e is null || href is null) continue;
            var rel = href.StartsWith(RecordedBase, StringComparison.Ordinal) ? href[RecordedBase.Length..] : href;
            seen.Add((rel.EndsWith("/" + e.Value, StringComparison.Ordinal) ? rel[..^e.Value.Length] : rel + "/", owner));
            if (e.Value == "0") onZero = true;
        }
        if (seen.Count == 0) return null;
        if (seen.All(s => s.prefix == seen[0].prefix)
            && !(seen[0].prefix.StartsWith("api/images/", StringComparison.Ordinal) && seen[0].prefix.EndsWith($"/{seen[0].owner}/", StringComparison.Ordinal)))
            return new HrefRule(seen[0].prefix, false, onZero);
        // images/products/{product}/{image}: the prefix carries the owning product id
        var stripped = seen.Select(s => s.prefix.EndsWith($"/{s.owner}/", StringComparison.Ordinal) ? s.prefix[..^($"{s.owner}/".Length)] : null).ToList();
        return stripped.All(x => x is not null && x == stripped[0])
            ? new HrefRule(stripped[0]!, true, onZero)
            : new HrefRule(seen[0].prefix, false, onZero);
    }

    private static HrefRule? LearnItemHref(List<(XElement i, int owner)> items)
    {
        var first = items.FirstOrDefault(x => x.i.Attribute(XLink + "href") is not null);
        if (first.i is null) return null;
        var href = first.i.Attribute(XLink + "href")!.Value[RecordedBase.Length..];
        var id = first.i.Element("id")?.Value ?? "";
        var prefix = href[..^id.Length];
        var ownerSuffix = $"/{first.owner}/";
        return prefix.StartsWith("api/images/", StringComparison.Ordinal) && prefix.EndsWith(ownerSuffix, StringComparison.Ordinal)
            ? new HrefRule(prefix[..^(ownerSuffix.Length - 1)], true, true)
            : new HrefRule(prefix, false, true);
    }

    private static void ApplySynopsis(ResourceSchema schema, XDocument synopsis)
    {
        foreach (var e in synopsis.Root!.Elements().First().Elements())
        {
            if (schema.Field(e.Name.LocalName) is not { } f) continue;
            f.Required = e.Attribute("required")?.Value == "true";
            f.ReadOnly = e.Attribute("read_only")?.Value == "true" || e.Attribute("readOnly")?.Value == "true";
            f.Format = e.Attribute("format")?.Value;
        }
    }

    internal static Row ToRow(ResourceSchema schema, XElement x, IReadOnlyList<int> languages)
    {
        var row = new Row(int.Parse(x.Element("id")!.Value, CultureInfo.InvariantCulture), schema);
        foreach (var f in schema.Fields)
        {
            var e = x.Element(f.Name);
            if (f.Multilang)
                row.Lang[f.Index] = [.. languages.Select(l => e?.Elements("language").FirstOrDefault(le => le.Attribute("id")?.Value == l.ToString(CultureInfo.InvariantCulture))?.Value ?? "").Select(Restore)];
            else row.Values[f.Index] = Restore(e?.Value ?? "");
        }
        var assoc = x.Element("associations");
        for (var i = 0; i < schema.Associations.Count; i++)
        {
            var def = schema.Associations[i];
            foreach (var item in assoc?.Element(def.Name)?.Elements() ?? [])
                row.Assoc[i].Add([.. def.ItemFields.Select(f => Restore(item.Element(f.Name)?.Value ?? ""))]);
        }
        return row;
    }

    /// <summary>Values read on the real 8.1.2 demo shop the captures come from, for ids the recordings list without a value.</summary>
    private static readonly Dictionary<int, (string Name, string Value)> KnownConfigurations = new()
    {
        [6] = ("PS_CURRENCY_DEFAULT", "1"), // currency 1 is EUR in currencies.full.xml
    };

    /// <summary>Only a few configuration values were recorded; the other ids of the recorded list get placeholder rows.</summary>
    private static void FillUnrecordedConfigurations(ShopState state, string seedDir)
    {
        var table = state.Table("configurations");
        var recorded = table.Rows.ToDictionary(r => r.Id);
        var template = table.Rows[0];
        table.Clear();
        // Re-added in the recorded list order, which is the shop's own order for unsorted listings.
        foreach (var stub in XDocument.Load(Path.Combine(seedDir, "configurations", "list.xml")).Root!.Elements().First().Elements())
        {
            var id = int.Parse(stub.Attribute("id")!.Value, CultureInfo.InvariantCulture);
            if (recorded.Remove(id, out var known)) { table.Add(known); continue; }
            var row = template.Clone(id);
            (row["name"], row["value"]) = KnownConfigurations.TryGetValue(id, out var fact) ? fact : ($"PS_SIM_UNRECORDED_{id}", "");
            table.Add(row);
        }
        foreach (var rest in recorded.Values) table.Add(rest);
    }
}
