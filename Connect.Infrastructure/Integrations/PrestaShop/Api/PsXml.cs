using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Connect.Infrastructure.Integrations.PrestaShop.Api;

/// <summary>Safe loading and typed reading of PrestaShop Webservice XML (all values arrive as CDATA text).</summary>
public static class PsXml
{
    public static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    private static readonly XmlReaderSettings SafeSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
    };

    /// <summary>Parses without DTDs or external entities.</summary>
    public static XDocument Load(string xml)
    {
        using var text = new StringReader(xml);
        using var reader = XmlReader.Create(text, SafeSettings);
        return XDocument.Load(reader, LoadOptions.None);
    }

    public static bool TryLoad(string? xml, [NotNullWhen(true)] out XDocument? doc) => TryLoad(xml, out doc, out _);

    /// <summary>
    /// Parses a shop's answer as it really comes: when the strict parse fails, a byte-order mark, PHP notices printed
    /// before the XML and characters XML 1.0 forbids (control characters inside a field) are removed and the parse is
    /// tried again. <paramref name="repairs"/> says what was removed, for a log line; null when the answer was clean.
    /// </summary>
    public static bool TryLoad(string? xml, [NotNullWhen(true)] out XDocument? doc, out string? repairs)
    {
        doc = null;
        repairs = null;
        if (string.IsNullOrWhiteSpace(xml))
            return false;
        if (xml.TrimStart().StartsWith('<') && TryParse(xml, out doc))
            return true;
        var (repaired, removed) = Repair(xml);
        if (removed.Count == 0 || !TryParse(repaired, out doc))
            return false;
        repairs = string.Join("; ", removed);
        return true;
    }

    /// <summary>
    /// The same repairs while reading <paramref name="body"/> as a stream: the XML reader pulls characters through a filter
    /// that skips a byte-order mark and whatever precedes the document and drops characters XML forbids, so no text copy
    /// of the answer is made (a large page costs its bytes and its tree, not several strings of it besides).
    /// </summary>
    public static bool TryLoad(Stream body, [NotNullWhen(true)] out XDocument? doc, out string? repairs)
    {
        doc = null;
        repairs = null;
        // No byte-order mark detection: a mark is kept as a character, so the filter sees it and can say so.
        using var text = new ShopTextReader(new StreamReader(body, new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: false));
        if (!text.FindDocument()) return false;
        try
        {
            using var reader = XmlReader.Create(text, SafeSettings);
            doc = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException)
        {
            doc = null;
            return false;
        }
        repairs = text.Repairs;
        return true;
    }

    /// <summary>Hands the XML reader the shop's document only: what precedes it skipped, characters XML forbids dropped.</summary>
    private sealed class ShopTextReader(StreamReader inner) : TextReader
    {
        // PHP notices before the XML are short; an answer that has not begun its XML by then has none.
        private const int MaxPrefix = 256 * 1024;
        private string _pending = "";
        private int _pendingAt;
        private bool _byteOrderMark;
        private int _skipped;
        private int _invalid;
        private char? _carry;

        /// <summary>What was removed, for the log; null when the answer was clean.</summary>
        public string? Repairs
        {
            get
            {
                var removed = new List<string>();
                if (_byteOrderMark) removed.Add("a byte-order mark");
                if (_skipped > 0) removed.Add($"{_skipped} characters of output before the XML (PHP notices or warnings?)");
                if (_invalid > 0) removed.Add($"{_invalid} character(s) not allowed in XML");
                return removed.Count == 0 ? null : string.Join("; ", removed);
            }
        }

        /// <summary>Reads up to the document's start (its declaration, else its root element); false when there is none.</summary>
        public bool FindDocument()
        {
            var head = new System.Text.StringBuilder();
            var chunk = new char[4096];
            while (head.Length < MaxPrefix)
            {
                var read = inner.Read(chunk, 0, chunk.Length);
                head.Append(chunk, 0, read);
                var text = head.ToString();
                var content = text.TrimStart('\uFEFF');
                _byteOrderMark = content.Length < text.Length;
                var start = XmlStart(content);
                if (start >= 0)
                {
                    if (!string.IsNullOrWhiteSpace(content[..start])) _skipped = start;
                    _pending = content[start..];
                    return true;
                }
                // A document of another shape (no declaration, another root): the XML reader decides.
                if (content.TrimStart().StartsWith('<') && (read == 0 || head.Length >= chunk.Length))
                {
                    _pending = content;
                    return true;
                }
                if (read == 0) return false;
            }
            return false;
        }

        public override int Peek() => throw new NotSupportedException("The shop's answer is read forward only.");

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (buffer.IsEmpty) return 0;
            while (true)
            {
                var filled = 0;
                if (_carry is { } carried)
                {
                    buffer[filled++] = carried;
                    _carry = null;
                }
                var fresh = ReadSource(buffer[filled..]);
                filled += fresh;
                if (filled == 0) return 0;
                var written = 0;
                for (var i = 0; i < filled; i++)
                {
                    var c = buffer[i];
                    if (char.IsHighSurrogate(c))
                    {
                        if (i + 1 < filled)
                        {
                            if (char.IsLowSurrogate(buffer[i + 1])) { buffer[written++] = c; buffer[written++] = buffer[++i]; }
                            else _invalid++;
                        }
                        // Its second half is still to be read, unless the answer ended or there is no room to read it.
                        else if (fresh == 0 && buffer.Length > 1) _invalid++;
                        else if (buffer.Length == 1) buffer[written++] = c;
                        else _carry = c;
                        continue;
                    }
                    if (char.IsLowSurrogate(c) || !XmlConvert.IsXmlChar(c)) { _invalid++; continue; }
                    buffer[written++] = c;
                }
                if (written > 0) return written;
                if (fresh == 0 && _carry is null) return 0;
            }
        }

        private int ReadSource(Span<char> target)
        {
            if (target.IsEmpty) return 0;
            if (_pendingAt < _pending.Length)
            {
                var count = Math.Min(target.Length, _pending.Length - _pendingAt);
                _pending.AsSpan(_pendingAt, count).CopyTo(target);
                _pendingAt += count;
                return count;
            }
            return inner.Read(target);
        }

        public override int Read()
        {
            Span<char> one = stackalloc char[1];
            return Read(one) == 0 ? -1 : one[0];
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private static bool TryParse(string xml, [NotNullWhen(true)] out XDocument? doc)
    {
        try
        {
            doc = Load(xml);
            return true;
        }
        catch (XmlException)
        {
            doc = null;
            return false;
        }
    }

    private static (string Xml, List<string> Removed) Repair(string xml)
    {
        var removed = new List<string>();
        var text = xml;
        if (text.StartsWith('\uFEFF'))
        {
            text = text.TrimStart('\uFEFF');
            removed.Add("a byte-order mark");
        }
        var start = XmlStart(text);
        if (start > 0)
        {
            if (!string.IsNullOrWhiteSpace(text[..start]))
                removed.Add($"{start} characters of output before the XML (PHP notices or warnings?)");
            text = text[start..];
        }
        var clean = new System.Text.StringBuilder(text.Length);
        var invalid = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
                continue;
            }
            if (XmlConvert.IsXmlChar(c)) clean.Append(c);
            else invalid++;
        }
        if (invalid > 0)
        {
            removed.Add($"{invalid} character(s) not allowed in XML");
            text = clean.ToString();
        }
        return (text, removed);
    }

    /// <summary>Where the Webservice document begins: its declaration, else its root element; -1 when neither is there.</summary>
    private static int XmlStart(string text)
    {
        var declaration = text.IndexOf("<?xml", StringComparison.Ordinal);
        return declaration >= 0 ? declaration : text.IndexOf("<prestashop", StringComparison.Ordinal);
    }

    /// <summary>
    /// The records of an answer: a single object (&lt;prestashop&gt;&lt;product&gt;) or a list (&lt;prestashop&gt;&lt;products&gt;&lt;product&gt;).
    /// Only direct children of the list are records, so pack items nested in associations are never counted.
    /// </summary>
    public static IReadOnlyList<XElement> Records(XDocument doc, string elementName)
    {
        var top = doc.Root?.Elements().FirstOrDefault();
        if (top is null)
            return [];
        if (top.Name.LocalName == elementName)
            return [top];
        return top.Elements().ToList();
    }

    public static string? Text(XElement? e)
    {
        if (e is null)
            return null;
        if (e.Elements("language").Any())
            return e.Elements("language").First().Value;
        return e.Value;
    }

    public static string Str(XElement e, string name) => Text(e.Element(name)) ?? "";

    public static string? OptStr(XElement e, string name)
    {
        var v = Text(e.Element(name));
        return string.IsNullOrEmpty(v) ? null : v;
    }

    public static long Long(XElement e, string name) => OptLong(e, name) ?? 0;

    public static long? OptLong(XElement e, string name)
    {
        var v = Text(e.Element(name));
        return long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    public static int Int(XElement e, string name) => (int)Long(e, name);

    public static int? OptInt(XElement e, string name) => OptLong(e, name) is { } n ? (int)n : null;

    public static decimal Dec(XElement e, string name) => OptDec(e, name) ?? 0m;

    public static decimal? OptDec(XElement e, string name)
    {
        var v = Text(e.Element(name));
        return decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    public static bool Bool(XElement e, string name) => Text(e.Element(name))?.Trim() is "1" or "true";

    /// <summary>Shop-local time without zone; PrestaShop's zero date means "none".</summary>
    public static DateTime? Date(XElement e, string name) => ParseDate(Text(e.Element(name)));

    public static DateTime? ParseDate(string? v)
    {
        if (string.IsNullOrWhiteSpace(v) || v.StartsWith("0000-00-00", StringComparison.Ordinal))
            return null;
        string[] formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];
        return DateTime.TryParseExact(v.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? DateTime.SpecifyKind(d, DateTimeKind.Unspecified)
            : null;
    }

    public static string FormatDate(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A multilanguage field resolved to the chosen language, else the first language present.</summary>
    public static string Lang(XElement e, string name, int? languageId)
    {
        var field = e.Element(name);
        if (field is null)
            return "";
        var languages = field.Elements("language").ToList();
        if (languages.Count == 0)
            return field.Value;
        var chosen = languageId is { } id
            ? languages.FirstOrDefault(l => (string?)l.Attribute("id") == id.ToString(CultureInfo.InvariantCulture))
            : null;
        return (chosen ?? languages[0]).Value;
    }

    /// <summary>Every translation of a multilanguage field, by language id.</summary>
    public static IReadOnlyDictionary<int, string> Translations(XElement e, string name) =>
        e.Element(name)?.Elements("language")
            .Where(l => int.TryParse((string?)l.Attribute("id"), out _))
            .GroupBy(l => int.Parse((string)l.Attribute("id")!, CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.First().Value)
        ?? new Dictionary<int, string>();

    /// <summary>Entries of an association, read by structure: whatever the child element is called (it changed across versions).</summary>
    public static IReadOnlyList<XElement> Association(XElement e, string association) =>
        e.Element("associations")?.Element(association)?.Elements().ToList() ?? [];

    public static IReadOnlyList<long> AssociationIds(XElement e, string association) =>
        Association(e, association)
            .Select(a => OptLong(a, "id") ?? (long.TryParse((string?)a.Attribute("id"), out var v) ? v : 0))
            .Where(id => id > 0)
            .ToList();

    /// <summary>The id of a list stub (&lt;product id="1" xlink:href=.../&gt;) or of a full record.</summary>
    public static long RecordId(XElement e) =>
        long.TryParse((string?)e.Attribute("id"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : Long(e, "id");
}
