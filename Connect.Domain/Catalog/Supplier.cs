namespace Connect.Domain.Catalog;

/// <summary>A supplier imported from the shop.</summary>
public sealed class Supplier
{
    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public bool Active { get; private set; } = true;
    public PostalAddress? Address { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    private Supplier() { }

    public Supplier(string name, bool active, PostalAddress? address, DateTime now) => Apply(name, active, address, now);

    public bool Apply(string name, bool active, PostalAddress? address, DateTime now)
    {
        var trimmed = string.IsNullOrWhiteSpace(name) ? throw new DomainException("A supplier needs a name.") : name.Trim();
        if (Name == trimmed && Active == active && Address == address) return false;
        (Name, Active, Address, UpdatedAt) = (trimmed, active, address, now);
        return true;
    }
}

/// <summary>A postal address, as a value.</summary>
public sealed record PostalAddress(
    string? Company, string? Line1, string? Line2, string? PostalCode, string? City, string? State, string? CountryCode, string? Phone);
