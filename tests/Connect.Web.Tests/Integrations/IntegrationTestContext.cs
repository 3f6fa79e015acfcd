using Bunit;
using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Infrastructure.Integrations;
using Connect.Infrastructure.Integrations.PrestaShop;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using Connect.PrestaShop.Simulator;
using Connect.Testing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Connect.Web.Tests.Integrations;

/// <summary>
/// bUnit with MudBlazor, an admin user, a real SQLite database and a simulated PrestaShop shop, plus one saved integration
/// pointing at that shop ("Main store" / warehouse "Main", a second warehouse "Paris shop", methods to map to).
/// </summary>
public abstract class IntegrationTestContext : BunitContext, IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);

    protected IntegrationTestContext(SqliteDatabaseFixture database)
    {
        Database = database;
        Services.AddMudServices();
        Services.AddScoped<Connect.Web.Components.Shared.UserTimeZone>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        // Sections read the shop over HTTP; the first call of a run also pays for JIT.
        DefaultWaitTimeout = TimeSpan.FromSeconds(20);
        AddAuthorization().SetAuthorized("admin").SetRoles("Admin");
        Protector = new ApiKeyProtector(new EphemeralDataProtectionProvider());
        Services.AddSingleton(Protector);
        Services.AddSingleton(database.Contexts);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(new PrestaShopClientSettings { RetryCount = 0, RetryBaseDelay = TimeSpan.Zero, InteractiveTimeout = TimeSpan.FromSeconds(20) });
        Services.AddPrestaShop();
        Services.AddSingleton<IntegrationPlatforms>();
        Services.AddSingleton<IntegrationSetup>();
        Services.AddSingleton<Connect.Web.Feeds.IntegrationStoreLookup>();
    }

    protected SqliteDatabaseFixture Database { get; }
    protected ApiKeyProtector Protector { get; }
    protected SimulatedShop Shop { get; private set; } = null!;
    protected Store Store { get; private set; } = null!;
    protected Warehouse Main { get; private set; } = null!;
    protected Warehouse Paris { get; private set; } = null!;
    protected int IntegrationId { get; private set; }
    protected ShippingMethod Colissimo { get; private set; } = null!;
    protected ShippingMethod OldCourier { get; private set; } = null!;
    protected PaymentMethod Transfer { get; private set; } = null!;
    protected PaymentMethod Cheque { get; private set; } = null!;

    protected virtual SimulatorOptions ShopOptions => new() { Version = "8" };

    public async ValueTask InitializeAsync()
    {
        await Database.ResetAsync();
        var shop = await SimulatedShop.StartAsync(ShopOptions);
        Shop = shop;
        Services.AddSingleton(_ => shop); // created by a factory so the container disposes it with the test
        Main = new Warehouse("Main", "MAIN");
        Paris = new Warehouse("Paris shop", "PARIS");
        Store = new Store("Main store", "MAIN", Main);
        await Database.InsertAsync(Store, Paris);
        Colissimo = new ShippingMethod("Colissimo");
        OldCourier = new ShippingMethod("Old courier");
        OldCourier.Deactivate();
        Transfer = new PaymentMethod("Bank transfer");
        Cheque = new PaymentMethod("Cheque");
        await Database.InsertAsync(Colissimo, OldCourier, Transfer, Cheque);
        var integration = new Integration("Demo shop", PrestaShopPlatform.PlatformName, Shop.BaseUrl.ToString(), Store.Id, Now);
        integration.ReplaceApiKey(Protector.Protect(Shop.ApiKey), Shop.ApiKey);
        await Database.InsertAsync(integration);
        IntegrationId = integration.Id;
        _ = Services.GetRequiredService<SimulatedShop>();
    }

    protected Task<Integration> SavedIntegrationAsync() =>
        Database.QueryAsync(db => db.Integrations.AsNoTracking().SingleAsync(i => i.Id == IntegrationId));

    /// <summary>Sets a bound component value the way a user's choice does (through its ValueChanged callback).</summary>
    protected static Task ChooseAsync<TComponent, T>(IRenderedComponent<TComponent> component, Func<TComponent, EventCallback<T>> valueChanged, T value)
        where TComponent : IComponent =>
        component.InvokeAsync(() => valueChanged(component.Instance).InvokeAsync(value));

    protected static Task SelectAsync<T>(IRenderedComponent<MudSelect<T>> select, T value) => ChooseAsync(select, s => s.ValueChanged, value);

    protected static Task CheckAsync(IRenderedComponent<MudCheckBox<bool>> box, bool value) => ChooseAsync(box, s => s.ValueChanged, value);
}
