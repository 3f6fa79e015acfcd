using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Infrastructure.Integrations;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Web.Components.Integrations.Configuration;

/// <summary>A list read from the shop, or the reason it could not be read (the section then shows only what is saved).</summary>
public sealed record ShopList<T>(IReadOnlyList<T> Items, string? Error);

/// <summary>
/// What the sections of one integration's Configuration tab read: the integration, Connect's lists (stores, warehouses,
/// methods) and the shop's lists (order states, carriers, payments). The tab creates one and hands it to every section, so
/// the shop is asked once per list however many sections show it. Each piece loads on first use and is then shared; a
/// section rendered alone creates its own. Blazor runs a circuit's code one piece at a time, so no lock is needed.
/// </summary>
public sealed class ConfigurationData(int integrationId, IDbContextFactory<ConnectDbContext> contexts, IntegrationPlatforms platforms)
{
    private Task<Integration>? _integration;
    private Task<ShopList<ShopOrderState>>? _states;
    private Task<ShopList<ShopCarrier>>? _carriers;
    private Task<ShopList<string>>? _payments;
    private Task<List<Store>>? _stores;
    private Task<List<Warehouse>>? _warehouses;
    private Task<List<ShippingMethod>>? _shippingMethods;
    private Task<List<PaymentMethod>>? _paymentMethods;

    public int IntegrationId => integrationId;

    public Task<Integration> IntegrationAsync() => _integration ??= ReadAsync(db => db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId));

    public Task<ShopList<ShopOrderState>> OrderStatesAsync() => _states ??= FromShopAsync((p, c) => p.GetOrderStatesAsync(c));
    public Task<ShopList<ShopCarrier>> CarriersAsync() => _carriers ??= FromShopAsync((p, c) => p.GetCarriersAsync(c));
    public Task<ShopList<string>> PaymentNamesAsync() => _payments ??= FromShopAsync((p, c) => p.GetPaymentNamesAsync(c));

    public Task<List<Store>> StoresAsync() => _stores ??= ReadAsync(db => db.Stores.AsNoTracking().OrderBy(s => s.Name).ToListAsync());
    public Task<List<Warehouse>> WarehousesAsync() => _warehouses ??= ReadAsync(db => db.Warehouses.AsNoTracking().OrderBy(w => w.Name).ToListAsync());
    public Task<List<ShippingMethod>> ShippingMethodsAsync() => _shippingMethods ??= ReadAsync(db => db.ShippingMethods.AsNoTracking().OrderBy(m => m.Name).ToListAsync());
    public Task<List<PaymentMethod>> PaymentMethodsAsync() => _paymentMethods ??= ReadAsync(db => db.PaymentMethods.AsNoTracking().OrderBy(m => m.Name).ToListAsync());

    /// <summary>A section saved the integration: the next read gets the saved values (and, for a new address, the new shop's lists).</summary>
    public void IntegrationSaved(bool shopChanged = false)
    {
        _integration = null;
        if (shopChanged) (_states, _carriers, _payments) = (null, null, null);
    }

    /// <summary>A section created a method: the sections that list methods read them again.</summary>
    public void MethodsChanged() => (_shippingMethods, _paymentMethods) = (null, null);

    /// <summary>Reads with a context of its own, so pieces loading side by side never share one.</summary>
    private async Task<T> ReadAsync<T>(Func<ConnectDbContext, Task<T>> read)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await read(db);
    }

    private async Task<ShopList<T>> FromShopAsync<T>(Func<IIntegrationPlatform, ShopConnection, Task<IReadOnlyList<T>>> read)
    {
        try
        {
            var integration = await IntegrationAsync();
            return new ShopList<T>(await read(platforms.Get(integration.Platform), platforms.ConnectionOf(integration)), null);
        }
        catch (Exception e) when (e is ShopAccessException or InvalidOperationException)
        {
            return new ShopList<T>([], e.Message);
        }
    }
}
