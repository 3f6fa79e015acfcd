using System.Globalization;
using System.Text;
using Connect.PrestaShop.Simulator.Data;

namespace Connect.PrestaShop.Simulator.Http;

/// <summary>Writes XML the way PrestaShop prints it: tabs, every value in CDATA, xlink:href on foreign keys.</summary>
public sealed class XmlOutput(string baseUrl, IReadOnlyList<int> languages)
{
    private readonly StringBuilder sb = new();

    public const string Header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<prestashop xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n";

    public string Finish() => Header + sb + "</prestashop>\n";

    public static string Errors(IEnumerable<(int Code, string Message)> errors)
    {
        var sb = new StringBuilder(Header).Append("<errors>\n");
        foreach (var (code, message) in errors)
            sb.Append("<error>\n<code>").Append(CData(code.ToString(CultureInfo.InvariantCulture))).Append("</code>\n<message>")
              .Append(CData(message)).Append("</message>\n</error>\n");
        return sb.Append("</errors>\n</prestashop>\n").ToString();
    }

    public static string CData(string value) => "<![CDATA[" + value.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal) + "]]>";

    public static string Attr(string value) => value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public XmlOutput Raw(string text) { sb.Append(text); return this; }

    public void Stub(ResourceSchema schema, Row row) =>
        sb.Append('<').Append(schema.ElementName).Append(" id=\"").Append(row.Id).Append("\" xlink:href=\"")
          .Append(baseUrl).Append("api/").Append(schema.Name).Append('/').Append(row.Id).Append("\"/>\n");

    /// <summary>One object; <paramref name="fields"/> null = all fields plus associations.</summary>
    public void Object(Row row, IReadOnlySet<string>? fields, IReadOnlyList<int>? onlyLanguages, Func<FieldDef, string?>? overrideValue = null)
    {
        var schema = row.Schema;
        sb.Append('<').Append(schema.ElementName).Append(">\n");
        foreach (var f in schema.Fields)
        {
            if (fields is not null && !fields.Contains(f.Name)) continue;
            sb.Append('\t');
            if (f.Multilang)
            {
                Open(f, null, row.Id);
                var values = row.Lang[f.Index] ?? [];
                for (var i = 0; i < languages.Count; i++)
                {
                    if (onlyLanguages is not null && !onlyLanguages.Contains(languages[i])) continue;
                    sb.Append("<language id=\"").Append(languages[i]).Append("\" xlink:href=\"").Append(baseUrl).Append("api/languages/")
                      .Append(languages[i]).Append("\">").Append(CData(i < values.Length ? values[i] : "")).Append("</language>");
                }
            }
            else
            {
                var value = overrideValue?.Invoke(f) ?? row.Values[f.Index] ?? "";
                Open(f, value, schema.OwnerIdFor(row));
                sb.Append(CData(value));
            }
            sb.Append("</").Append(f.Name).Append(">\n");
        }
        if (fields is null && schema.Associations.Count > 0) Associations(row);
        sb.Append("</").Append(schema.ElementName).Append(">\n");
    }

    private void Open(FieldDef f, string? value, int ownerId)
    {
        sb.Append('<').Append(f.Name);
        if (value is not null && f.Href?.For(value, ownerId) is { } href) sb.Append(" xlink:href=\"").Append(baseUrl).Append(Attr(href)).Append('"');
        foreach (var a in f.Attributes) sb.Append(' ').Append(a.Key).Append("=\"").Append(Attr(a.Value)).Append('"');
        sb.Append('>');
    }

    private void Associations(Row row)
    {
        var schema = row.Schema;
        var owner = schema.OwnerIdFor(row);
        sb.Append("<associations>\n");
        for (var i = 0; i < schema.Associations.Count; i++)
        {
            var def = schema.Associations[i];
            sb.Append('<').Append(def.Name);
            foreach (var a in def.Attributes) sb.Append(' ').Append(a.Key).Append("=\"").Append(Attr(a.Value)).Append('"');
            if (row.Assoc[i].Count == 0) { sb.Append("/>\n"); continue; }
            sb.Append(">\n");
            foreach (var item in row.Assoc[i])
            {
                sb.Append('\t').Append('<').Append(def.ItemName);
                if (def.ItemHref?.For(item[0], owner) is { } href) sb.Append(" xlink:href=\"").Append(baseUrl).Append(Attr(href)).Append('"');
                sb.Append(">\n");
                for (var k = 0; k < def.ItemFields.Count; k++)
                {
                    var f = def.ItemFields[k];
                    sb.Append('\t');
                    Open(f, item[k], owner);
                    sb.Append(CData(item[k])).Append("</").Append(f.Name).Append(">\n");
                }
                sb.Append("\t</").Append(def.ItemName).Append(">\n");
            }
            sb.Append("</").Append(def.Name).Append(">\n");
        }
        sb.Append("</associations>\n");
    }
}
