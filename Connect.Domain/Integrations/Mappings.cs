namespace Connect.Domain.Integrations;

/// <summary>What to do with orders in one shop order state, and whether to look again later.</summary>
public sealed class OrderStatusRule
{
    public int Id { get; private set; }
    public int IntegrationId { get; private set; }
    public string ExternalStatusId { get; private set; } = "";
    public string StatusName { get; private set; } = "";
    public OrderImportAction Action { get; private set; }
    /// <summary>The state can still change into an importable one, so the Retry feed keeps checking such orders.</summary>
    public bool Retry { get; private set; }

    private OrderStatusRule() { }

    public OrderStatusRule(int integrationId, string externalStatusId, string statusName, OrderImportAction action, bool retry)
    {
        (IntegrationId, ExternalStatusId) = (integrationId, externalStatusId);
        Change(statusName, action, retry);
    }

    public void Change(string statusName, OrderImportAction action, bool retry) => (StatusName, Action, Retry) = (statusName, action, retry);

    public bool Imports => Action != OrderImportAction.DoNotImport;
}

public enum OrderImportAction
{
    DoNotImport,
    ImportAsValid,
    ImportAndHold,
    ImportAndCancel,
    /// <summary>Imported as already shipped: no reservation and no stock movement.</summary>
    ImportAsHistory,
    /// <summary>
    /// Shipped outside Connect but its stock is counted: imported and shipped at once from the store's default warehouse
    /// (no shipping confirmation); imported as valid instead when the stock is not all there.
    /// </summary>
    ImportAndComplete,
}

public static class OrderImportActions
{
    /// <summary>The action as the status rule grid names it.</summary>
    public static string Label(this OrderImportAction action) => action switch
    {
        OrderImportAction.DoNotImport => "Do not import",
        OrderImportAction.ImportAsValid => "Import as valid",
        OrderImportAction.ImportAndHold => "Import and hold",
        OrderImportAction.ImportAndCancel => "Import and cancel",
        OrderImportAction.ImportAsHistory => "Import as history",
        OrderImportAction.ImportAndComplete => "Import and complete",
        _ => action.ToString(),
    };
}

/// <summary>A shop carrier, by its stable reference id, mapped to a Connect shipping method.</summary>
public sealed class CarrierMapping
{
    public int Id { get; private set; }
    public int IntegrationId { get; private set; }
    /// <summary>PrestaShop's id_reference: editing a carrier creates a new id but keeps this.</summary>
    public string CarrierReference { get; private set; } = "";
    public string CarrierName { get; private set; } = "";
    public int ShippingMethodId { get; private set; }

    private CarrierMapping() { }

    public CarrierMapping(int integrationId, string carrierReference, string carrierName, int shippingMethodId) =>
        (IntegrationId, CarrierReference, CarrierName, ShippingMethodId) = (integrationId, carrierReference, carrierName, shippingMethodId);

    public void MapTo(int shippingMethodId, string carrierName) => (ShippingMethodId, CarrierName) = (shippingMethodId, carrierName);
}

/// <summary>A payment string as shown in the shop's order grid, mapped to a Connect payment method.</summary>
public sealed class PaymentMapping
{
    public int Id { get; private set; }
    public int IntegrationId { get; private set; }
    public string PaymentName { get; private set; } = "";
    public int PaymentMethodId { get; private set; }

    private PaymentMapping() { }

    public PaymentMapping(int integrationId, string paymentName, int paymentMethodId) =>
        (IntegrationId, PaymentName, PaymentMethodId) = (integrationId, paymentName.Trim(), paymentMethodId);

    public void MapTo(int paymentMethodId) => PaymentMethodId = paymentMethodId;
}

/// <summary>
/// For the shipping confirmation's carrier update: the shop carrier (by id_reference) that a Connect shipping method's
/// parcels go with. The row without a method is the wildcard: any other method goes with its carrier.
/// </summary>
public sealed class ShopCarrierRule
{
    public int Id { get; private set; }
    public int IntegrationId { get; private set; }
    /// <summary>Null: any method without a row of its own.</summary>
    public int? ShippingMethodId { get; private set; }
    public string CarrierReference { get; private set; } = "";
    public string CarrierName { get; private set; } = "";

    private ShopCarrierRule() { }

    public ShopCarrierRule(int integrationId, int? shippingMethodId, string carrierReference, string carrierName)
    {
        if (string.IsNullOrWhiteSpace(carrierReference))
            throw new DomainException("Choose the shop carrier the parcels go with.");
        (IntegrationId, ShippingMethodId, CarrierReference, CarrierName) = (integrationId, shippingMethodId, carrierReference.Trim(), carrierName);
    }

    public bool IsWildcard => ShippingMethodId is null;

    /// <summary>The rule for a method: its own row, else the wildcard, else none (the carrier is then left as it is).</summary>
    public static ShopCarrierRule? For(IEnumerable<ShopCarrierRule> rules, int? shippingMethodId)
    {
        var list = rules as IReadOnlyCollection<ShopCarrierRule> ?? rules.ToList();
        return (shippingMethodId is { } id ? list.FirstOrDefault(r => r.ShippingMethodId == id) : null) ?? list.FirstOrDefault(r => r.IsWildcard);
    }
}
