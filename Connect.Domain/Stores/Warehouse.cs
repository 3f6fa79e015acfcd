namespace Connect.Domain.Stores;

/// <summary>A place that holds stock. Stock levels are kept per product and warehouse.</summary>
public sealed class Warehouse
{
    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Code { get; private set; } = "";
    public bool Active { get; private set; } = true;

    private Warehouse() { }

    public Warehouse(string name, string code) => Rename(name, code);

    public void Rename(string name, string code)
    {
        Name = Store.Required(name, "Warehouse name");
        Code = Store.Required(code, "Warehouse code").ToUpperInvariant();
    }

    public void Deactivate() => Active = false;
    public void Activate() => Active = true;
}
