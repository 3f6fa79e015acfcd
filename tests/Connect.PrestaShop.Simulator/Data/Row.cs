namespace Connect.PrestaShop.Simulator.Data;

/// <summary>One stored object. Values are the texts PrestaShop prints (CDATA content); multilang fields keep one text per language.</summary>
public sealed class Row(int id, ResourceSchema schema)
{
    public int Id { get; internal set; } = id;
    public ResourceSchema Schema { get; } = schema;
    public string[] Values { get; } = new string[schema.Fields.Count];
    public string[]?[] Lang { get; } = new string[]?[schema.Fields.Count];
    public List<string[]>[] Assoc { get; } = schema.Associations.Select(_ => new List<string[]>()).ToArray();

    public string this[string field]
    {
        get => Schema.Field(field) is { } f ? (f.Multilang ? Lang[f.Index]?[0] ?? "" : Values[f.Index] ?? "") : "";
        set
        {
            var f = Schema.Field(field) ?? throw new KeyNotFoundException($"{Schema.Name} has no field {field}");
            Values[f.Index] = value;
        }
    }

    public int Int(string field) => int.TryParse(this[field], out var v) ? v : 0;

    public void SetLang(string field, params string[] perLanguage) =>
        Lang[(Schema.Field(field) ?? throw new KeyNotFoundException(field)).Index] = perLanguage;

    public List<string[]> Items(string assoc) =>
        Assoc[Schema.Associations.FindIndex(a => a.Name == assoc) is var i and >= 0 ? i : throw new KeyNotFoundException(assoc)];

    public Row Clone(int newId)
    {
        var r = new Row(newId, Schema);
        Array.Copy(Values, r.Values, Values.Length);
        for (var i = 0; i < Lang.Length; i++) r.Lang[i] = Lang[i] is { } l ? (string[])l.Clone() : null;
        for (var i = 0; i < Assoc.Length; i++) r.Assoc[i].AddRange(Assoc[i].Select(x => (string[])x.Clone()));
        r.Values[0] = newId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return r;
    }
}
