using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Integrations;
using Connect.Infrastructure.Persistence;
using Connect.PrestaShop.Simulator;
using Connect.Testing;
using Connect.Testing.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.EndToEnd.Tests.Journey;

/// <summary>
/// What the scenarios beside the journey start from, set up through Connect's services (the journey shows the same steps in
/// the browser): stores, integrations of simulated shops configured for the demo shop's orders, users and feed runs. Works on
/// a Connect of its own or on the portal the browser tests share.
/// </summary>
public sealed class ScenarioSetup(ConnectWebFactory portal)
{
    public ScenarioSetup(ConnectInstance connect) : this(connect.Portal) { }

    private IServiceProvider Services => portal.Services;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed record StorePlace(int StoreId, int WarehouseId);

    public async Task<StorePlace> StoreAsync(string name, string code)
    {
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        if (await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Name == name, Ct) is { } existing) return new(existing.Id, existing.DefaultWarehouseId);
        var warehouse = db.Warehouses.Add(new Warehouse($"{name} warehouse", code)).Entity;
        await db.SaveChangesAsync(Ct);
        var store = db.Stores.Add(new Store(name, code, warehouse)).Entity;
        await db.SaveChangesAsync(Ct);
        return new(store.Id, warehouse.Id);
    }

    /// <summary>
    /// An integration of the shop that imports paid orders (awaiting payment parked for Retry), with the demo shop's carrier
    /// and payments mapped and its stock exported from the store's warehouse (imported there too when <paramref name="importStock"/>).
    /// </summary>
    public async Task<int> IntegrationAsync(SimulatedShop shop, string name, StorePlace place, bool importStock = true)
    {
        var admin = TestUsers.Admin();
        var setup = Services.GetRequiredService<IntegrationSetup>();
        var (result, id) = await setup.CreateAsync(new IntegrationDraft(name, "PrestaShop", place.StoreId, shop.BaseUrl.ToString(), shop.ApiKey, null), [], admin, ct: Ct);
        if (id is not { } integrationId) throw new InvalidOperationException(result.Error);
        await Services.GetRequiredService<FeedScheduler>().EnsureSchedulesAsync(integrationId);
        var (standard, cheque, wire) = await MethodsAsync();
        Check(await setup.SaveOrderImportAsync(integrationId, place.StoreId, null,
        [
            new("1", "Awaiting check payment", OrderImportAction.DoNotImport, true),
            new("2", "Payment accepted", OrderImportAction.ImportAsValid, false),
            new("6", "Canceled", OrderImportAction.DoNotImport, false),
            new("8", "Payment error", OrderImportAction.DoNotImport, false),
            new("10", "Awaiting bank wire payment", OrderImportAction.DoNotImport, true),
        ], admin, Ct));
        Check(await setup.SaveCarrierMappingsAsync(integrationId, [new("2", "My carrier", standard)], admin, Ct));
        Check(await setup.SavePaymentMappingsAsync(integrationId, [new("Payment by check", cheque), new("Bank wire", wire)], admin, Ct));
        if (importStock) Check(await setup.SaveStockImportAsync(integrationId, place.WarehouseId, admin, Ct));
        Check(await setup.SaveStockExportAsync(integrationId, [place.WarehouseId], admin, Ct));
        return integrationId;
    }

    /// <summary>Live, with the stock level export on (scheduled hourly; the queue sends changes within seconds).</summary>
    public async Task GoLiveAsync(int integrationId)
    {
        Check(await Services.GetRequiredService<IntegrationSetup>().SetLiveAsync(integrationId, true, TestUsers.Admin(), Ct));
        await Services.GetRequiredService<FeedScheduler>().ChangeAsync(integrationId, FeedKind.StockLevelExport, new ScheduleSettings(ScheduleMode.EveryHours, 1), TestUsers.Admin());
    }

    public async Task RunAsync(int integrationId, FeedKind feed)
    {
        var runner = Services.GetRequiredService<FeedRunner>();
        var started = await runner.RunNowAsync(integrationId, feed, TestUsers.Admin("scenario"), Ct);
        if (started.RunId is not { } runId) throw new InvalidOperationException($"{feed} did not start: {started.Reason}");
        await runner.WaitForRunAsync(runId, Ct);
    }

    /// <summary>A user who already chose their password: an operator of the given stores, or an admin.</summary>
    public async Task UserAsync(string userName, string password, string role, IReadOnlyList<int> stores)
    {
        var error = await Services.GetRequiredService<UserAdministration>().CreateAsync(
            new NewUser(userName, null, role, stores, password, AllStores: role == Roles.Admin), TestUsers.Admin());
        if (error is not null) throw new InvalidOperationException(error);
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConnectUser>>();
        var user = await users.FindByNameAsync(userName);
        user!.MustChangePassword = false;
        await users.UpdateAsync(user);
    }

    /// <summary>The shop takes a new paid order, a copy of an existing one (same customer, lines and carrier), as its checkout does.</summary>
    public static int PlaceOrder(SimulatedShop shop, int copyOf, string reference, int state)
    {
        using (shop.State.Writing())
        {
            var orders = shop.State.Table("orders");
            var copy = orders.Find(copyOf)!.Clone(orders.NextId);
            copy["reference"] = reference;
            copy["current_state"] = state.ToString(CultureInfo.InvariantCulture);
            copy["date_add"] = copy["date_upd"] = shop.State.NowText();
            orders.Add(copy);
            return copy.Id;
        }
    }

    /// <summary>Counts these SKUs (by their shop key, "product-combination") in the warehouse, as a stock count in Connect does.</summary>
    public async Task CountAsync(int integrationId, int warehouseId, params (string Key, int OnHand)[] counts)
    {
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        foreach (var (key, onHand) in counts)
        {
            var productId = await ProductIdAsync(db, integrationId, key);
            var level = await db.StockLevels.SingleOrDefaultAsync(s => s.ProductId == productId && s.WarehouseId == warehouseId, Ct);
            if (level is null) db.StockLevels.Add(level = new StockLevel(productId, warehouseId));
            db.StockMovements.Add(level.Count(onHand, new StockChange(StockMovementReason.Count, "scenario", DateTime.UtcNow)));
        }
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>The Connect product linked to this shop key ("product-combination") of the integration.</summary>
    public async Task<int> ProductIdAsync(int integrationId, string key)
    {
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        return await ProductIdAsync(db, integrationId, key);
    }

    private static Task<int> ProductIdAsync(ConnectDbContext db, int integrationId, string key) =>
        db.ExternalLinks.Where(l => l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product && l.ExternalId == key)
            .Select(l => l.LocalId).SingleAsync(Ct);

    public static void SetOrderField(SimulatedShop shop, int order, string field, string value)
    {
        using (shop.State.Writing()) shop.State.Table("orders").Find(order)![field] = value;
    }

    private IDbContextFactory<ConnectDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();

    /// <summary>The demo shop's shipping and payment methods in Connect, created unless another shop of the portal already did.</summary>
    public async Task<(int Standard, int Cheque, int Wire)> MethodsAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        var standard = await db.ShippingMethods.FirstOrDefaultAsync(m => m.Name == "Standard", Ct) ?? db.ShippingMethods.Add(new ShippingMethod("Standard")).Entity;
        var cheque = await db.PaymentMethods.FirstOrDefaultAsync(m => m.Name == "Cheque", Ct) ?? db.PaymentMethods.Add(new PaymentMethod("Cheque")).Entity;
        var wire = await db.PaymentMethods.FirstOrDefaultAsync(m => m.Name == "Wire transfer", Ct) ?? db.PaymentMethods.Add(new PaymentMethod("Wire transfer")).Entity;
        await db.SaveChangesAsync(Ct);
        return (standard.Id, cheque.Id, wire.Id);
    }

    private static void Check(SaveResult result)
    {
        if (!result.Saved) throw new InvalidOperationException(result.Error);
    }
}
