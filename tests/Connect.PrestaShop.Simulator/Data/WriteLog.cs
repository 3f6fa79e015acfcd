namespace Connect.PrestaShop.Simulator.Data;

/// <summary>One write request as received, with the answer given.</summary>
public sealed record WriteRecord(string Method, string Path, string Query, string Body, int Status, string ResponseBody, DateTime At);

/// <summary>Every PUT/POST/PATCH/DELETE the shop received, in order. Thread-safe.</summary>
public sealed class WriteLog
{
    private readonly Lock gate = new();
    private readonly List<WriteRecord> records = [];

    public IReadOnlyList<WriteRecord> All { get { lock (gate) return [.. records]; } }
    public int Count { get { lock (gate) return records.Count; } }
    public WriteRecord Last { get { lock (gate) return records[^1]; } }

    public void Add(WriteRecord record) { lock (gate) records.Add(record); }
    public void Clear() { lock (gate) records.Clear(); }
    public IReadOnlyList<WriteRecord> For(string method, string resource)
    {
        lock (gate)
            return [.. records.Where(r => r.Method == method && r.Path.StartsWith($"/api/{resource}", StringComparison.Ordinal))];
    }
}

/// <summary>Per-key permissions, as set in the back office (resource x method). Defaults follow the recorded root listing.</summary>
public sealed class KeyPermissions
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, HashSet<string>> denied = new(StringComparer.Ordinal);
    private readonly HashSet<string> deniedResources = new(StringComparer.Ordinal);

    public void Deny(string resource, string method) { lock (gate) Get(resource).Add(method.ToUpperInvariant()); }
    public void Allow(string resource, string method) { lock (gate) Get(resource).Remove(method.ToUpperInvariant()); }
    /// <summary>The key has no access at all to this resource (401 code 26).</summary>
    public void DenyResource(string resource) { lock (gate) deniedResources.Add(resource); }
    public bool HasResource(string resource) { lock (gate) return !deniedResources.Contains(resource); }
    public bool Allows(string resource, string method) { lock (gate) return !deniedResources.Contains(resource) && !Get(resource).Contains(method.ToUpperInvariant()); }

    private HashSet<string> Get(string resource)
    {
        if (!denied.TryGetValue(resource, out var set)) denied[resource] = set = new HashSet<string>(StringComparer.Ordinal);
        return set;
    }
}
