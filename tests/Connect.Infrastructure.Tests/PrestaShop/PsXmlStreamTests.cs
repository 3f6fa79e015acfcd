using System.Text;
using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Tests.PrestaShop;

/// <summary>Parsing a shop's answer from its bytes as a stream, through the dirt real shops print.</summary>
public sealed class PsXmlStreamTests
{
    private static (bool Loaded, System.Xml.Linq.XDocument? Doc, string? Repairs) Load(string text, bool byteOrderMark = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (byteOrderMark) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        using var stream = new MemoryStream(bytes);
        var loaded = PsXml.TryLoad(stream, out var doc, out var repairs);
        return (loaded, doc, repairs);
    }

    private static string Products(int count, Func<int, string> name) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<prestashop><products>" +
        string.Concat(Enumerable.Range(1, count).Select(i => $"<product><id><![CDATA[{i}]]></id><name><![CDATA[{name(i)}]]></name></product>")) +
        "</products></prestashop>";

    [Fact]
    public void A_clean_answer_loads_without_repairs()
    {
        var (loaded, doc, repairs) = Load(Products(3, i => $"Mug {i}"));

        loaded.ShouldBeTrue();
        PsXml.Records(doc!, "product").Count.ShouldBe(3);
        repairs.ShouldBeNull();
    }

    [Fact]
    public void A_byte_order_mark_is_read_through_and_reported()
    {
        var (loaded, doc, repairs) = Load(Products(1, _ => "Mug"), byteOrderMark: true);

        loaded.ShouldBeTrue();
        PsXml.Records(doc!, "product").ShouldHaveSingleItem();
        repairs.ShouldBe("a byte-order mark");
    }

    [Fact]
    public void Php_notices_before_the_xml_are_skipped_and_counted()
    {
        const string notice = "<br />\n<b>Notice</b>:  Undefined index: id_shop in <b>/var/www/classes/Product.php</b> on line <b>42</b><br />\n";

        var (loaded, doc, repairs) = Load(notice + Products(2, i => $"Mug {i}"));

        loaded.ShouldBeTrue();
        PsXml.Records(doc!, "product").Count.ShouldBe(2);
        repairs.ShouldBe($"{notice.Length} characters of output before the XML (PHP notices or warnings?)");
    }

    [Fact]
    public void Control_characters_are_dropped_across_a_large_answer_and_pairs_of_surrogates_are_kept_whole()
    {
        // Thousands of rows, so the forbidden characters and the emoji fall on every side of the reader's chunks.
        var (loaded, doc, repairs) = Load(Products(5000, i => $"Mug\u0001 {i} \U0001F600\u000B"));

        loaded.ShouldBeTrue();
        var names = PsXml.Records(doc!, "product").Select(p => (string)p.Element("name")!).ToList();
        names.Count.ShouldBe(5000);
        names[4321].ShouldBe("Mug 4322 \U0001F600");
        repairs.ShouldBe("10000 character(s) not allowed in XML");
    }

    [Fact]
    public void An_answer_without_xml_is_not_a_document()
    {
        Load("Fatal error: Allowed memory size exhausted").Loaded.ShouldBeFalse();
        Load("").Loaded.ShouldBeFalse();
    }
}
