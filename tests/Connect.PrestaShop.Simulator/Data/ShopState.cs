using System.Globalization;
using System.Xml.Linq;

namespace Connect.PrestaShop.Simulator.Data;

/// <summary>An e-mail the shop would have sent (order status mail, in-transit mail).</summary>
public sealed record SentMail(string Kind, int OrderId, DateTime At);

/// <summary>
/// The in-memory shop. Every request runs under <see cref="Sync"/>; tests that seed or assert
/// from another thread should do the same (the typed helpers below take the lock themselves).
/// </summary>
public sealed class ShopState
{
    private readonly Dictionary<string, ResourceTable> tables = new(StringComparer.Ordinal);

    public object Sync { get; } = new();
    public IReadOnlyList<int> LanguageIds { get; } = [1, 2];
    public IReadOnlyDictionary<string, ResourceTable> Tables => tables;
    public List<SentMail> Mails { get; } = [];

    /// <summary>Shop-local wall clock, second precision like PrestaShop; replace it to freeze time in tests.</summary>
    public Func<DateTime> Clock { get; set; } = () => DateTime.Now;

    /// <summary>Recorded documents served as they are (root listing, schemas, image types).</summary>
    public Dictionary<string, XDocument> Documents { get; } = new(StringComparer.Ordinal);
    public byte[] RecordedImage { get; set; } = [];
    public byte[] RecordedThumbnail { get; set; } = [];
    public string ShopName { get; set; } = "PS Lab";

    public string NowText() => Clock().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public ResourceTable Table(string name) => tables[name];
    public bool TryTable(string name, out ResourceTable table) => tables.TryGetValue(name, out table!);
    public void AddTable(ResourceTable table) => tables[table.Schema.Name] = table;

    public Row? Find(string resource, int id)
    {
        lock (Sync) return tables.TryGetValue(resource, out var t) ? t.Find(id) : null;
    }

    /// <summary>The stock row of a product (attribute 0) or of one of its combinations.</summary>
    public Row? StockRow(int productId, int productAttributeId = 0)
    {
        lock (Sync)
            return Table("stock_availables").Rows.FirstOrDefault(r =>
                r.Int("id_product") == productId && r.Int("id_product_attribute") == productAttributeId);
    }

    public int StockQuantity(int productId, int productAttributeId = 0) => StockRow(productId, productAttributeId)?.Int("quantity") ?? 0;

    public void SetStock(int productId, int productAttributeId, int quantity)
    {
        lock (Sync)
        {
            var row = StockRow(productId, productAttributeId) ?? throw new KeyNotFoundException($"no stock row {productId}/{productAttributeId}");
            row["quantity"] = quantity.ToString(CultureInfo.InvariantCulture);
            if (productAttributeId != 0) RecomputeProductStock(productId, row.Int("id_shop"));
        }
    }

    /// <summary>StockAvailable::postSave: the product row becomes the sum of its combination rows of the same shop.</summary>
    public void RecomputeProductStock(int productId, int shopId)
    {
        Row? productRow = null;
        var sum = 0;
        var any = false;
        foreach (var r in Table("stock_availables").Rows)
        {
            if (r.Int("id_product") != productId || r.Int("id_shop") != shopId) continue;
            if (r.Int("id_product_attribute") == 0) productRow = r;
            else { sum += r.Int("quantity"); any = true; }
        }
        if (productRow is not null && any) productRow["quantity"] = sum.ToString(CultureInfo.InvariantCulture);
    }

    public bool HasCombinations(int productId) =>
        Table("combinations").Rows.Any(c => c.Int("id_product") == productId);

    /// <summary>Image ids of a product, from its images association.</summary>
    public IReadOnlyList<int> ImageIds(int productId)
    {
        lock (Sync)
            return Table("products").Find(productId) is { } p
                ? [.. p.Items("images").Select(i => int.Parse(i[0], CultureInfo.InvariantCulture))]
                : [];
    }
}
