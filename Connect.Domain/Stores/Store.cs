namespace Connect.Domain.Stores;

/// <summary>A Connect store. Orders imported by an integration land in a store, which ships from its default warehouse.</summary>
public sealed class Store
{
    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Code { get; private set; } = "";
    public bool Active { get; private set; } = true;
    public int DefaultWarehouseId { get; private set; }
    public Warehouse? DefaultWarehouse { get; private set; }

    private Store() { }

    public Store(string name, string code, Warehouse defaultWarehouse)
    {
        Rename(name, code);
        ShipFrom(defaultWarehouse);
    }

    public void Rename(string name, string code)
    {
        Name = Required(name, "Store name");
        Code = Required(code, "Store code").ToUpperInvariant();
    }

    public void ShipFrom(Warehouse warehouse)
    {
        if (!warehouse.Active)
            throw new DomainException($"Warehouse '{warehouse.Name}' is deactivated; activate it or choose another default warehouse.");
        DefaultWarehouse = warehouse;
        DefaultWarehouseId = warehouse.Id;
    }

    public void Deactivate() => Active = false;
    public void Activate() => Active = true;

    internal static string Required(string value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainException($"{what} is required.") : value.Trim();
}
