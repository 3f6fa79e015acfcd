namespace Connect.Domain.Orders;

/// <summary>A way Connect ships orders; shop carriers are mapped to it.</summary>
public sealed class ShippingMethod
{
    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public bool Active { get; private set; } = true;

    private ShippingMethod() { }
    public ShippingMethod(string name) => Rename(name);

    public void Rename(string name) => Name = string.IsNullOrWhiteSpace(name) ? throw new DomainException("A shipping method needs a name.") : name.Trim();
    public void Deactivate() => Active = false;
    public void Activate() => Active = true;
}

/// <summary>A way customers pay; the shop's payment strings are mapped to it.</summary>
public sealed class PaymentMethod
{
    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public bool Active { get; private set; } = true;

    private PaymentMethod() { }
    public PaymentMethod(string name) => Rename(name);

    public void Rename(string name) => Name = string.IsNullOrWhiteSpace(name) ? throw new DomainException("A payment method needs a name.") : name.Trim();
    public void Deactivate() => Active = false;
    public void Activate() => Active = true;
}
