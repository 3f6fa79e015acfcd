namespace Connect.PrestaShop.Simulator.Data;

/// <summary>How a foreign-key value is turned into an xlink:href, learned from the recorded rows.</summary>
public sealed record HrefRule(string Prefix, bool WithOwnerId, bool OnZero)
{
    /// <summary>Relative href ("api/carriers/2") or null when PrestaShop prints none.</summary>
    public string? For(string value, int ownerId)
    {
        if (value.Length == 0 || (value == "0" && !OnZero)) return null;
        return WithOwnerId ? $"{Prefix}{ownerId}/{value}" : Prefix + value;
    }
}

/// <summary>One field of a resource, in the order PrestaShop prints it.</summary>
public sealed class FieldDef(string name, int index, bool multilang)
{
    public string Name { get; } = name;
    public int Index { get; } = index;
    public bool Multilang { get; } = multilang;
    public HrefRule? Href { get; set; }
    /// <summary>Attributes other than xlink:href, e.g. notFilterable="true".</summary>
    public List<KeyValuePair<string, string>> Attributes { get; } = [];
    public bool Required { get; set; }
    public bool ReadOnly { get; set; }
    public string? Format { get; set; }
    public bool NotFilterable => Attributes.Any(a => a.Key == "notFilterable");
}

/// <summary>An association group (categories, combinations, order_rows...).</summary>
public sealed class AssocDef(string name, string itemName)
{
    public string Name { get; } = name;
    public string ItemName { get; } = itemName;
    public List<KeyValuePair<string, string>> Attributes { get; } = [];
    public List<FieldDef> ItemFields { get; } = [];
    /// <summary>Href of an item built from its id; null for virtual entities such as order_rows.</summary>
    public HrefRule? ItemHref { get; set; }
}

/// <summary>The shape of one resource: element names, fields and associations.</summary>
public sealed class ResourceSchema(string name, string elementName)
{
    public string Name { get; } = name;
    public string ElementName { get; } = elementName;
    public List<FieldDef> Fields { get; } = [];
    public List<AssocDef> Associations { get; } = [];
    private readonly Dictionary<string, FieldDef> byName = new(StringComparer.Ordinal);

    public FieldDef? Field(string fieldName) => byName.GetValueOrDefault(fieldName);

    public FieldDef AddField(string fieldName, bool multilang)
    {
        var f = new FieldDef(fieldName, Fields.Count, multilang);
        Fields.Add(f);
        byName[fieldName] = f;
        return f;
    }

    public bool HasDates => byName.ContainsKey("date_upd") || byName.ContainsKey("date_add");

    /// <summary>Product and combination ids of images are printed under images/products/{product}/{image}.</summary>
    public int OwnerIdFor(Row row) => Name == "products" ? row.Id
        : Field("id_product") is { } p && int.TryParse(row.Values[p.Index], out var pid) ? pid : row.Id;
}
