using System.Globalization;
using System.Text;

namespace Connect.Infrastructure.Integrations.PrestaShop.Api;

/// <summary>
/// Builds a Webservice listing query: display, filter[...], sort, limit, language.
/// date=1 is added whenever a filter or sort touches date_add/date_upd (without it PrestaShop answers code 32).
/// </summary>
public sealed class PrestaShopQuery
{
    private readonly List<KeyValuePair<string, string>> _filters = [];
    private readonly List<string> _sort = [];
    private readonly List<KeyValuePair<string, string>> _extra = [];

    public string? DisplayValue { get; private set; }
    public int? Offset { get; private set; }
    public int? Count { get; private set; }
    public int? LanguageId { get; private set; }
    public bool HasSort => _sort.Count > 0;

    public static PrestaShopQuery Create() => new();

    public PrestaShopQuery Full() { DisplayValue = "full"; return this; }

    /// <summary>display=[a,b]; associations cannot be chosen this way (PrestaShop error), use Full().</summary>
    public PrestaShopQuery Display(params string[] fields) { DisplayValue = "[" + string.Join(",", fields) + "]"; return this; }

    public PrestaShopQuery Equal(string field, object value) => Filter(field, $"[{Format(value)}]");

    public PrestaShopQuery In(string field, IEnumerable<object> values) => Filter(field, $"[{string.Join("|", values.Select(Format))}]");

    public PrestaShopQuery NotIn(string field, IEnumerable<object> values) => Filter(field, $"![{string.Join("|", values.Select(Format))}]");

    /// <summary>Inclusive range; PrestaShop only accepts numbers and dates here.</summary>
    public PrestaShopQuery Between(string field, object from, object to) => Filter(field, $"[{Format(from)},{Format(to)}]");

    public PrestaShopQuery GreaterThan(string field, object value) => Filter(field, $">[{Format(value)}]");

    public PrestaShopQuery LessThan(string field, object value) => Filter(field, $"<[{Format(value)}]");

    public PrestaShopQuery Contains(string field, string value) => Filter(field, $"%[{Format(value)}]%");

    public PrestaShopQuery StartsWith(string field, string value) => Filter(field, $"[{Format(value)}]%");

    public PrestaShopQuery OrderBy(string field) => Sort(field, "ASC");

    public PrestaShopQuery OrderByDescending(string field) => Sort(field, "DESC");

    public PrestaShopQuery Limit(int count) { Offset = null; Count = count; return this; }

    public PrestaShopQuery Page(int offset, int count) { Offset = offset; Count = count; return this; }

    public PrestaShopQuery Language(int languageId) { LanguageId = languageId; return this; }

    /// <summary>Any other parameter (e.g. price[...]); passed as given.</summary>
    public PrestaShopQuery With(string name, string value) { _extra.Add(new(name, value)); return this; }

    public PrestaShopQuery Clone()
    {
        var copy = new PrestaShopQuery { DisplayValue = DisplayValue, Offset = Offset, Count = Count, LanguageId = LanguageId };
        copy._filters.AddRange(_filters);
        copy._sort.AddRange(_sort);
        copy._extra.AddRange(_extra);
        return copy;
    }

    internal PrestaShopQuery WithoutFilter(string field)
    {
        _filters.RemoveAll(f => f.Key == field);
        return this;
    }

    internal PrestaShopQuery WithoutSort()
    {
        _sort.Clear();
        return this;
    }

    private PrestaShopQuery Filter(string field, string expression)
    {
        _filters.Add(new(field, expression));
        return this;
    }

    private PrestaShopQuery Sort(string field, string direction)
    {
        _sort.Add($"{field}_{direction}");
        return this;
    }

    private static bool IsDateField(string field) => field is "date_add" or "date_upd";

    public bool NeedsDateParameter =>
        _filters.Any(f => IsDateField(f.Key)) || _sort.Any(s => IsDateField(s[..s.LastIndexOf('_')]));

    /// <summary>The parameters, decoded, in sending order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToParameters(int? shopId = null)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (DisplayValue is not null)
            list.Add(new("display", DisplayValue));
        list.AddRange(_filters.Select(f => new KeyValuePair<string, string>($"filter[{f.Key}]", f.Value)));
        if (_sort.Count > 0)
            list.Add(new("sort", "[" + string.Join(",", _sort) + "]"));
        if (Count is { } count)
            list.Add(new("limit", Offset is { } offset ? $"{offset},{count}" : count.ToString(CultureInfo.InvariantCulture)));
        if (NeedsDateParameter)
            list.Add(new("date", "1"));
        if (LanguageId is { } lang)
            list.Add(new("language", lang.ToString(CultureInfo.InvariantCulture)));
        list.AddRange(_extra);
        if (shopId is { } shop)
            list.Add(new("id_shop", shop.ToString(CultureInfo.InvariantCulture)));
        return list;
    }

    /// <summary>Percent-encoded query string (brackets, &gt;, &lt;, %, | and spaces escaped) without the leading '?'.</summary>
    public string ToQueryString(int? shopId = null) => Encode(ToParameters(shopId));

    public override string ToString() => ToQueryString();

    internal static string Encode(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (sb.Length > 0)
                sb.Append('&');
            sb.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return sb.ToString();
    }

    /// <summary>Invariant text of a filter value; brackets and '|' would change the filter's meaning, so they are refused.</summary>
    internal static string Format(object value)
    {
        var text = value switch
        {
            DateTime d => PsXml.FormatDate(d),
            bool b => b ? "1" : "0",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (text.IndexOfAny(['[', ']', '|']) >= 0)
            throw new ArgumentException($"A PrestaShop filter value cannot contain '[', ']' or '|': {text}", nameof(value));
        return text;
    }
}
