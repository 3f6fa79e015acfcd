namespace Connect.PrestaShop.Simulator.Data;

/// <summary>All rows of one resource, kept in id order plus an id index so paging stays O(page).</summary>
public sealed class ResourceTable(ResourceSchema schema)
{
    private readonly List<Row> rows = [];
    private readonly List<Row> natural = [];
    private readonly Dictionary<int, Row> byId = [];
    private List<Row>? unsortedCache;

    public ResourceSchema Schema { get; } = schema;
    public int Count => rows.Count;
    public IReadOnlyList<Row> Rows => rows;
    public int NextId => rows.Count == 0 ? 1 : rows[^1].Id + 1;

    /// <summary>
    /// When set, listings without sort= come back in a stable non-id order, as recorded on large
    /// shops (limit=4990,3 returned products 10, 11, 12).
    /// </summary>
    public bool ScrambleDefaultOrder { get; set; }

    public Row? Find(int id) => byId.GetValueOrDefault(id);

    public void Add(Row row)
    {
        if (rows.Count > 0 && rows[^1].Id > row.Id)
        {
            var at = rows.FindIndex(r => r.Id > row.Id);
            rows.Insert(at, row);
        }
        else rows.Add(row);
        byId[row.Id] = row;
        natural.Add(row);
        unsortedCache = null;
    }

    public void Clear()
    {
        rows.Clear();
        natural.Clear();
        byId.Clear();
        unsortedCache = null;
    }

    public bool Remove(int id)
    {
        if (!byId.Remove(id, out var row)) return false;
        rows.Remove(row);
        natural.Remove(row);
        unsortedCache = null;
        return true;
    }

    /// <summary>
    /// The order a listing without sort= uses: the table's own (insertion) order, which for the demo shop is
    /// the recorded order (order_states, addresses... are not listed by id on the real shop either).
    /// </summary>
    public IReadOnlyList<Row> DefaultOrder()
    {
        if (!ScrambleDefaultOrder) return natural;
        // A fixed hash of the id: stable between calls and complete, but not id order.
        return unsortedCache ??= [.. rows.OrderBy(r => (uint)(r.Id % 997) * 2654435761u % 1_000_003u).ThenBy(r => r.Id)];
    }
}
