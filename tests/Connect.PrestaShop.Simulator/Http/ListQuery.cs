using System.Globalization;
using System.Text.RegularExpressions;
using Connect.PrestaShop.Simulator.Data;
using Microsoft.AspNetCore.Http;

namespace Connect.PrestaShop.Simulator.Http;

/// <summary>display, filter[...], sort, limit, language and date=1, with PrestaShop's semantics and errors.</summary>
public sealed partial class ListQuery
{
    public bool Full { get; private set; }
    public IReadOnlySet<string>? Fields { get; private set; }
    public IReadOnlyList<int>? Languages { get; private set; }
    private readonly List<Func<Row, bool>> filters = [];
    private readonly List<(FieldDef Field, bool Desc)> sorts = [];
    private int offset;
    private int? count;
    private bool emptyResult;

    public bool Stubs => !Full && Fields is null;

    public static ListQuery Parse(IQueryCollection query, ResourceSchema schema, bool phpWarnings, bool forList)
    {
        var q = new ListQuery();
        var dates = query["date"].ToString() == "1";
        q.Languages = ParseLanguages(query["language"].ToString());

        var display = query["display"].ToString();
        if (display == "full") q.Full = true;
        else if (display.Length > 0)
        {
            var names = display.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var n in names)
                if (schema.Field(n) is null)
                    throw WsError.QueryError(phpWarnings, 35,
                        $"Unable to display this field \"{n}\". However, these are available: {string.Join(", ", schema.Fields.Select(f => f.Name))}");
            q.Fields = names.ToHashSet(StringComparer.Ordinal);
        }
        if (!forList) return q;

        var filterable = schema.Fields.Where(f => !f.Multilang && (dates || (f.Name != "date_add" && f.Name != "date_upd"))).Select(f => f.Name).ToList();
        foreach (var (key, values) in query)
        {
            if (!key.StartsWith("filter[", StringComparison.Ordinal) || !key.EndsWith(']')) continue;
            var name = key[7..^1];
            var field = schema.Field(name);
            if (field is null || (!field.Multilang && !filterable.Contains(name)))
                throw WsError.QueryError(phpWarnings, 32,
                    $"This filter does not exist. Did you mean: \"{Closest(name, filterable)}\"? The full list is: {string.Join(", ", filterable.Select(f => $"\"{f}\""))}");
            var predicate = ParseFilter(field, values.ToString(), q);
            if (predicate is not null) q.filters.Add(predicate);
        }

        var sort = query["sort"].ToString();
        if (sort.Length > 0)
        {
            var multilang = schema.Fields.Where(f => f.Multilang).Select(f => f.Name);
            foreach (var part in sort.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var cut = part.LastIndexOf('_');
                var dir = cut > 0 ? part[(cut + 1)..] : "";
                if (dir is not ("ASC" or "DESC"))
                    throw WsError.QueryError(phpWarnings, 37,
                        "The \"sort\" value has to be formed as this example: \"field_ASC\" or '[field_1_DESC,field_2_ASC,field_3_ASC,...]' (\"field\" has to be an available field)");
                var f = schema.Field(part[..cut]);
                if (f is null || (!f.Multilang && !filterable.Contains(f.Name)))
                    throw WsError.QueryError(phpWarnings, 38,
                        $"Unable to filter by this field. However, these are available: {string.Join(", ", filterable)}, for i18n fields:{string.Join(", ", multilang)}");
                q.sorts.Add((f, dir == "DESC"));
            }
        }

        var limit = query["limit"].ToString();
        if (limit.Length > 0)
        {
            var parts = limit.Split(',');
            if (parts.Length == 1 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) q.count = n;
            else if (parts.Length == 2 && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var o)
                     && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var c)) { q.offset = o; q.count = c; }
            else if (parts.Length > 2)
                throw WsError.QueryError(phpWarnings, 39, "The \"limit\" value has to be formed as this example: \"5,25\" or \"10\"");
            // limit=abc becomes an SQL error the webservice swallows: the list comes back empty (recorded).
            else q.emptyResult = true;
        }
        return q;
    }

    private static IReadOnlyList<int>? ParseLanguages(string value)
    {
        if (value.Length == 0) return null;
        var inner = value.Trim('[', ']');
        if (inner.Contains(',', StringComparison.Ordinal))
        {
            var b = inner.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToArray();
            return [.. Enumerable.Range(b[0], b[^1] - b[0] + 1)];
        }
        return [.. inner.Split('|').Select(s => int.TryParse(s, CultureInfo.InvariantCulture, out var l) ? l : -1)];
    }

    /// <summary>Levenshtein nearest name; on ties the later one wins, as in the recorded "Did you mean".</summary>
    public static string Closest(string input, IEnumerable<string> candidates)
    {
        string best = "";
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = Levenshtein(input, c);
            if (d <= bestDistance) { best = c; bestDistance = d; }
        }
        return best;
    }

    private static int Levenshtein(string a, string b)
    {
        var d = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) d[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var prev = d[0];
            d[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var tmp = d[j];
                d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), prev + (a[i - 1] == b[j - 1] ? 0 : 1));
                prev = tmp;
            }
        }
        return d[b.Length];
    }

    [GeneratedRegex(@"^(%?)\[(.*)\](%?)$", RegexOptions.Singleline)]
    private static partial Regex Bracketed();
    [GeneratedRegex(@"^[0-9.:\- ]*$")]
    private static partial Regex RangeChars();

    private static Func<Row, bool>? ParseFilter(FieldDef field, string raw, ListQuery q)
    {
        Func<string, bool> test;
        if (raw.StartsWith(">[", StringComparison.Ordinal) && raw.EndsWith(']'))
        {
            var x = raw[2..^1];
            test = v => Compare(v, x) > 0;
        }
        else if (raw.StartsWith("<[", StringComparison.Ordinal) && raw.EndsWith(']'))
        {
            var x = raw[2..^1];
            test = v => Compare(v, x) < 0;
        }
        else if (raw.StartsWith("![", StringComparison.Ordinal) && raw.EndsWith(']'))
        {
            var set = SqlSet.Of(raw[2..^1].Split('|'));
            test = v => !set.Contains(v);
        }
        else if (Bracketed().Match(raw) is { Success: true } m)
        {
            var inner = m.Groups[2].Value;
            bool left = m.Groups[1].Value == "%", right = m.Groups[3].Value == "%";
            if (left || right)
                test = v => left && right ? v.Contains(inner, StringComparison.OrdinalIgnoreCase)
                    : right ? v.StartsWith(inner, StringComparison.OrdinalIgnoreCase)
                    : v.EndsWith(inner, StringComparison.OrdinalIgnoreCase);
            else if (inner.Contains('|', StringComparison.Ordinal))
            {
                var set = SqlSet.Of(inner.Split('|'));
                test = v => set.Contains(v);
            }
            else if (inner.Contains(',', StringComparison.Ordinal))
            {
                var bounds = inner.Split(',');
                // SQLUtils keeps only numbers and dates in a range, and sorts the two ends (so [10,1] == [1,10]).
                if (bounds.Length != 2 || !bounds.All(b => RangeChars().IsMatch(b))) { q.emptyResult = true; return null; }
                var (lo, hi) = Compare(bounds[0], bounds[1]) <= 0 ? (bounds[0], bounds[1]) : (bounds[1], bounds[0]);
                test = v => Compare(v, lo) >= 0 && Compare(v, hi) <= 0;
            }
            else test = v => EqualsSql(v, inner);
        }
        else test = v => EqualsSql(v, raw);

        if (field.Multilang)
            return row => (row.Lang[field.Index] ?? []).Where((_, i) => q.Languages is null || q.Languages.Contains(i + 1)).Any(test);
        return row => test(row.Values[field.Index] ?? "");
    }

    /// <summary>MySQL-like: numbers compare as numbers, text case-insensitively.</summary>
    private static int Compare(string a, string b)
    {
        if (decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var x) &&
            decimal.TryParse(b.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var y))
            return x.CompareTo(y);
        return string.Compare(a, b.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    private static bool EqualsSql(string v, string x) => Compare(v, x) == 0;

    /// <summary>
    /// The members of an [a|b|c] filter, hashed once: the same answer as testing <see cref="EqualsSql"/> against each member,
    /// without parsing every member for every row (id sets of a hundred ids over large tables).
    /// </summary>
    private sealed class SqlSet
    {
        private readonly HashSet<decimal> _numbers = [];
        private readonly HashSet<string> _texts = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _nonNumericTexts = new(StringComparer.OrdinalIgnoreCase);

        public static SqlSet Of(IEnumerable<string> members)
        {
            var set = new SqlSet();
            foreach (var member in members.Select(m => m.Trim()))
            {
                set._texts.Add(member);
                if (decimal.TryParse(member, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)) set._numbers.Add(number);
                else set._nonNumericTexts.Add(member);
            }
            return set;
        }

        public bool Contains(string value) =>
            decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                ? _numbers.Contains(number) || _nonNumericTexts.Contains(value)
                : _texts.Contains(value);
    }

    public IReadOnlyList<Row> Apply(ResourceTable table)
    {
        if (emptyResult) return [];
        IEnumerable<Row> rows = sorts.Count == 0 ? table.DefaultOrder() : table.Rows;
        foreach (var f in filters) { var pred = f; rows = rows.Where(pred); }
        if (sorts.Count > 0)
        {
            IOrderedEnumerable<Row>? ordered = null;
            foreach (var (field, desc) in sorts)
            {
                Func<Row, string> key = field.Multilang ? r => (r.Lang[field.Index] is { Length: > 0 } l ? l[0] : "") : r => r.Values[field.Index] ?? "";
                var cmp = Comparer<string>.Create(Compare);
                ordered = ordered is null
                    ? (desc ? rows.OrderByDescending(key, cmp) : rows.OrderBy(key, cmp))
                    : (desc ? ordered.ThenByDescending(key, cmp) : ordered.ThenBy(key, cmp));
            }
            rows = ordered!;
        }
        if (offset > 0) rows = rows.Skip(offset);
        if (count is { } c) rows = rows.Take(c);
        return rows.ToList();
    }
}
