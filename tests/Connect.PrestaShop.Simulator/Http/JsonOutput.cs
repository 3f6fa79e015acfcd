using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Connect.PrestaShop.Simulator.Data;

namespace Connect.PrestaShop.Simulator.Http;

/// <summary>
/// output_format=JSON as PrestaShop prints it: ids and ints as numbers, decimals and dates as strings,
/// multilang as [{"id":1,"value":..}], empty associations left out, an empty list as a bare [].
/// Field types come from the recorded JSON (Seed/8.1.2/json); unrecorded fields fall back to id-like = number.
/// </summary>
public sealed class JsonTypes
{
    private readonly Dictionary<string, JsonValueKind> kinds = new(StringComparer.Ordinal);

    public static JsonTypes Load(string seedDir)
    {
        var t = new JsonTypes();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(seedDir, "json"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) continue;
            foreach (var top in doc.RootElement.EnumerateObject())
            {
                var resource = top.Name.EndsWith('s') ? top.Name : Plural(top.Name);
                IEnumerable<JsonElement> objects = top.Value.ValueKind == JsonValueKind.Array ? top.Value.EnumerateArray() : [top.Value];
                foreach (var o in objects.Where(o => o.ValueKind == JsonValueKind.Object)) t.Learn(resource, o);
            }
        }
        return t;
    }

    private static string Plural(string element) => element switch { "order" => "orders", "product" => "products", _ => element + "s" };

    private void Learn(string resource, JsonElement obj)
    {
        foreach (var p in obj.EnumerateObject())
        {
            if (p.Name == "associations")
            {
                foreach (var g in p.Value.EnumerateObject())
                    foreach (var item in g.Value.EnumerateArray())
                        Learn($"{resource}/{g.Name}", item);
                continue;
            }
            var key = $"{resource}.{p.Name}";
            var kind = p.Value.ValueKind == JsonValueKind.Null ? JsonValueKind.Number : p.Value.ValueKind;
            if (kind is JsonValueKind.Number or JsonValueKind.String && !kinds.ContainsKey(key)) kinds[key] = kind;
        }
    }

    public bool IsNumber(string resource, string field) =>
        kinds.TryGetValue($"{resource}.{field}", out var k) ? k == JsonValueKind.Number
            : field == "id" || field.StartsWith("id_", StringComparison.Ordinal) || field.EndsWith("_id", StringComparison.Ordinal);
}

public sealed class JsonOutput(JsonTypes types, IReadOnlyList<int> languages)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Errors(IEnumerable<(int Code, string Message)> errors) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("errors");
        foreach (var (code, message) in errors)
        {
            w.WriteStartObject();
            w.WriteNumber("code", code);
            w.WriteString("message", message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Options)) body(w);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>A list: stubs ({"id":1}), chosen fields or full objects; empty = [].</summary>
    public string List(ResourceSchema schema, IReadOnlyList<Row> rows, bool stubs, IReadOnlySet<string>? fields, IReadOnlyList<int>? onlyLanguages) =>
        rows.Count == 0 ? "[]" : Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray(schema.Name);
            foreach (var r in rows)
            {
                if (stubs) { w.WriteStartObject(); w.WriteNumber("id", r.Id); w.WriteEndObject(); }
                else Object(w, r, fields, onlyLanguages, omitEmpty: false);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>A single object: PHP drops empty() values ("" and "0") here but not in lists.</summary>
    public string Single(Row row, IReadOnlyList<int>? onlyLanguages) => Write(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName(row.Schema.ElementName);
        Object(w, row, null, onlyLanguages, omitEmpty: true);
        w.WriteEndObject();
    });

    private void Object(Utf8JsonWriter w, Row row, IReadOnlySet<string>? fields, IReadOnlyList<int>? onlyLanguages, bool omitEmpty)
    {
        var schema = row.Schema;
        w.WriteStartObject();
        foreach (var f in schema.Fields)
        {
            if (fields is not null && !fields.Contains(f.Name)) continue;
            if (f.Multilang)
            {
                w.WriteStartArray(f.Name);
                var values = row.Lang[f.Index] ?? [];
                for (var i = 0; i < languages.Count; i++)
                {
                    if (onlyLanguages is not null && !onlyLanguages.Contains(languages[i])) continue;
                    w.WriteStartObject();
                    w.WriteNumber("id", languages[i]);
                    w.WriteString("value", i < values.Length ? values[i] : "");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                continue;
            }
            var v = row.Values[f.Index] ?? "";
            if (omitEmpty && (v.Length == 0 || v == "0")) continue;
            Value(w, f.Name, v, types.IsNumber(schema.Name, f.Name));
        }
        if (fields is null && row.Assoc.Any(a => a.Count > 0))
        {
            w.WriteStartObject("associations");
            for (var i = 0; i < schema.Associations.Count; i++)
            {
                if (row.Assoc[i].Count == 0) continue;
                var def = schema.Associations[i];
                w.WriteStartArray(def.Name);
                foreach (var item in row.Assoc[i])
                {
                    w.WriteStartObject();
                    for (var k = 0; k < def.ItemFields.Count; k++)
                        Value(w, def.ItemFields[k].Name, item[k], types.IsNumber($"{schema.Name}/{def.Name}", def.ItemFields[k].Name));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter w, string name, string v, bool number)
    {
        if (number)
        {
            if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) w.WriteNumber(name, n);
            else if (v.Length == 0) w.WriteNull(name);
            else w.WriteString(name, v);
        }
        else w.WriteString(name, v);
    }
}
