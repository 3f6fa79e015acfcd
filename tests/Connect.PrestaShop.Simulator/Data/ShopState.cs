using System.Globalization;
using System.Xml.Linq;

namespace Connect.PrestaShop.Simulator.Data;

/// <summary>An e-mail the shop would have sent (order status mail, in-transit mail).</summary>
public sealed record SentMail(string Kind, int OrderId, DateTime At);

/// <summary>
/// The in-memory shop. Reads (GET, HEAD) run concurrently under <see cref="Reading"/>, as a real shop serves parallel
/// requests; writes run alone under <see cref="Writing"/>, which also holds <see cref="Sync"/>. Tests that change rows while
/// requests may be running should use <see cref="Writing"/>; <c>lock (Sync)</c> only excludes writers (fine between runs).
/// The typed helpers below take the right lock themselves.
/// </summary>
public sealed class ShopState
{
    private readonly Dictionary<string, ResourceTable> tables = new(StringComparer.Ordinal);
    // Recursion: a write (PUT) calls helpers that read (Find) or write (SetStock) on the same thread.
    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.SupportsRecursion);

    /// <summary>Held by every writer (after the writer lock), so code that locks it never sees a write half done.</summary>
    public object Sync { get; } = new();

    /// <summary>Shared access for a read; many readers at once.</summary>
    public Scope Reading()
    {
        gate.EnterReadLock();
        return new Scope(gate, write: false, sync: null);
    }

    /// <summary>Exclusive access for a write: no reader and no other writer.</summary>
    public Scope Writing()
    {
        gate.EnterWriteLock();
        Monitor.Enter(Sync);
        return new Scope(gate, write: true, sync: Sync);
    }

    /// <summary>Leaves the lock taken by <see cref="Reading"/> or <see cref="Writing"/>.</summary>
    public readonly struct Scope(ReaderWriterLockSlim gate, bool write, object? sync) : IDisposable
    {
        public void Dispose()
        {
            if (sync is not null) Monitor.Exit(sync);
            if (write) gate.ExitWriteLock(); else gate.ExitReadLock();
        }
    }
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
        using (Reading()) return tables.TryGetValue(resource, out var t) ? t.Find(id) : null;
    }

    /// <summary>The stock row of a product (attribute 0) or of one of its combinations.</summary>
    public Row? StockRow(int productId, int productAttributeId = 0)
    {
        using (Reading())
            return Table("stock_availables").Rows.FirstOrDefault(r =>
                r.Int("id_product") == productId && r.Int("id_product_attribute") == productAttributeId);
    }

    public int StockQuantity(int productId, int productAttributeId = 0) => StockRow(productId, productAttributeId)?.Int("quantity") ?? 0;

    public void SetStock(int productId, int productAttributeId, int quantity)
    {
        using (Writing())
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

    /// <summary>
    /// A new combination of the product as the back office adds one: a copy of its first combination with its own reference,
    /// price impact and no barcode, listed in the product's combinations. The product's date_upd is left alone, as a
    /// Webservice combination write leaves it. Returns the combination's id.
    /// </summary>
    public int AddCombination(int productId, string reference, decimal priceImpact)
    {
        using (Writing())
        {
            var combinations = Table("combinations");
            var product = Table("products").Find(productId)!;
            var copy = combinations.Rows.First(r => r.Int("id_product") == productId).Clone(combinations.NextId);
            copy["reference"] = reference;
            copy["price"] = priceImpact.ToString("0.000000", CultureInfo.InvariantCulture);
            copy["ean13"] = "";
            combinations.Add(copy);
            var association = (string[])product.Items("combinations")[0].Clone();
            association[0] = copy.Id.ToString(CultureInfo.InvariantCulture);
            product.Items("combinations").Add(association);
            return copy.Id;
        }
    }

    public bool HasCombinations(int productId) =>
        Table("combinations").Rows.Any(c => c.Int("id_product") == productId);

    /// <summary>Image ids of a product, from its images association.</summary>
    public IReadOnlyList<int> ImageIds(int productId)
    {
        using (Reading())
            return Table("products").Find(productId) is { } p
                ? [.. p.Items("images").Select(i => int.Parse(i[0], CultureInfo.InvariantCulture))]
                : [];
    }
}
