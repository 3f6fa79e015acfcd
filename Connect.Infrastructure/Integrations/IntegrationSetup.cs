using System.Security.Claims;
using Connect.Domain;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using Connect.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Integrations;

/// <summary>The outcome of saving one section: null error when saved; field errors point at the input to fix.</summary>
public sealed record SaveResult(string? Error, IReadOnlyDictionary<string, string> FieldErrors)
{
    /// <summary>Nothing saved: the change needs the user's confirmation (the message says what it will do); save again confirmed.</summary>
    public bool NeedsConfirmation { get; init; }

    public static SaveResult Ok { get; } = new(null, new Dictionary<string, string>());
    public bool Saved => Error is null;
    public static SaveResult Fail(string error, string? field = null) =>
        new(error, field is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [field] = error });
    public string? For(string field) => FieldErrors.GetValueOrDefault(field);
}

/// <summary>What the wizard collected.</summary>
/// <remarks>ShopName and ShopVersion are what the wizard's connection test learned, kept so the list can tell shops apart.</remarks>
public sealed record IntegrationDraft(string Name, string Platform, int StoreId, string Url, string ApiKey, int? ShopId,
    string? ShopName = null, string? ShopVersion = null, string? ShopCurrency = null)
{
    /// <summary>Never prints the key (records print every property by default, and this one may reach a log).</summary>
    public override string ToString() =>
        $"IntegrationDraft {{ Name = {Name}, Platform = {Platform}, StoreId = {StoreId}, Url = {Url}, ApiKey = ***, ShopId = {ShopId}, ShopName = {ShopName}, ShopVersion = {ShopVersion}, ShopCurrency = {ShopCurrency} }}";
}

/// <summary>A status rule as edited in the order status grid.</summary>
public sealed record StatusRuleInput(string StateId, string StateName, OrderImportAction Action, bool Retry);

/// <summary>A carrier row of the shipping method mapping; a null method leaves the carrier unmapped.</summary>
public sealed record CarrierMappingInput(string CarrierReference, string CarrierName, int? ShippingMethodId);

/// <summary>A row of the carrier update grid: a Connect shipping method (null: any other method) and the shop carrier by id_reference.</summary>
public sealed record ShopCarrierRuleInput(int? ShippingMethodId, string? CarrierReference, string CarrierName);

/// <summary>A payment string row of the payment method mapping; a null method leaves it unmapped.</summary>
public sealed record PaymentMappingInput(string PaymentName, int? PaymentMethodId);

/// <summary>
/// Creates integrations and saves each section of their Configuration tab, one transaction per section, so a refused
/// section changes nothing. Messages say how to fix the input; field keys name the input they belong to.
/// </summary>
public sealed class IntegrationSetup(IDbContextFactory<ConnectDbContext> contexts, ApiKeyProtector protector,
    IntegrationPlatforms platforms, TimeProvider clock)
{
    public const string NameField = "name", StoreField = "store", UrlField = "url", KeyField = "key", ShopField = "shop",
        ConcurrencyField = "concurrency", BackOfficeField = "backOffice", FromIdField = "fromId", RulesField = "rules", WarehouseField = "warehouse";

    /// <summary>
    /// Saves a new integration with its key protected and the proposed status rules for the shop's states, then lets
    /// <paramref name="afterCreate"/> add what other modules need (feed schedules) in the same transaction.
    /// </summary>
    public async Task<(SaveResult Result, int? Id)> CreateAsync(IntegrationDraft input, IReadOnlyList<ShopOrderState> states, ClaimsPrincipal user,
        Func<ConnectDbContext, Integration, Task>? afterCreate = null, CancellationToken ct = default)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return (SaveResult.Fail(refusal), null);
        if (string.IsNullOrWhiteSpace(input.ApiKey))
            return (SaveResult.Fail("Enter the API key created in PrestaShop (Advanced Parameters > Webservice).", KeyField), null);
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Stores.AsNoTracking().SingleOrDefaultAsync(s => s.Id == input.StoreId, ct) is not { Active: true })
            return (SaveResult.Fail("Choose an active store for the orders of this integration.", StoreField), null);
        if (await db.Integrations.AnyAsync(i => i.Name == input.Name.Trim(), ct))
            return (SaveResult.Fail($"An integration named '{input.Name.Trim()}' already exists; choose another name.", NameField), null);
        Integration NewIntegration()
        {
            var integration = new Integration(input.Name, input.Platform, input.Url, input.StoreId, clock.GetUtcNow().UtcDateTime);
            integration.ReplaceApiKey(protector.Protect(input.ApiKey), input.ApiKey.Trim());
            integration.UseShop(input.ShopId);
            integration.RecordShop(input.ShopName, input.ShopVersion, input.ShopCurrency);
            return integration;
        }
        try
        {
            NewIntegration();
        }
        catch (DomainException e)
        {
            return (SaveResult.Fail(e.Message, string.IsNullOrWhiteSpace(input.Name) ? NameField : UrlField), null);
        }

        // One transaction inside the execution strategy: a replay starts again from a fresh context and a new entity.
        var id = await UnitOfWork.RunAsync(contexts, async tx =>
        {
            var integration = NewIntegration();
            tx.Integrations.Add(integration);
            await tx.SaveChangesAsync(ct);
            foreach (var state in states)
            {
                var proposed = OrderStatusDefaults.Propose(state);
                tx.OrderStatusRules.Add(new OrderStatusRule(integration.Id, state.Id, state.Name, proposed.Action, proposed.Retry));
            }
            if (afterCreate is not null)
                await afterCreate(tx, integration);
            await tx.SaveChangesAsync(ct);
            return integration.Id;
        }, ct);
        return (SaveResult.Ok, id);
    }

    /// <summary>
    /// Re-tests the connection with the entered values (the saved key when <paramref name="newApiKey"/> is empty) and saves
    /// them only if nothing blocks. Returns the test report so the page can show warnings and advice.
    /// A changed address needs the key typed again, so a saved key is never sent to an address someone just chose.
    /// Another shop (address or shop id) with products, orders or checkpoints already linked needs
    /// <paramref name="confirmOtherShop"/>: its links and checkpoints are then cleared, so the new shop's ids are never
    /// taken for the old shop's records.
    /// </summary>
    public async Task<(SaveResult Result, ConnectionReport? Report)> SaveApiConnectionAsync(int integrationId, string url, string? newApiKey,
        int? shopId, int requestConcurrency, ClaimsPrincipal user, bool confirmOtherShop = false, CancellationToken ct = default)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return (SaveResult.Fail(refusal), null);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return (SaveResult.Fail("Enter the shop's address starting with https:// (for example https://shop.example.com).", UrlField), null);
        if (shopId is <= 0)
            return (SaveResult.Fail("A shop id is a positive number; leave it empty for a single shop.", ShopField), null);
        if (requestConcurrency is < 1 or > 16)
            return (SaveResult.Fail("Request concurrency must be between 1 and 16 (4 suits most shops).", ConcurrencyField), null);

        await using var db = await contexts.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId, ct);
        var urlChanged = !string.Equals(Address(integration.Url), Address(url), StringComparison.OrdinalIgnoreCase);
        if (urlChanged && string.IsNullOrWhiteSpace(newApiKey))
            return (SaveResult.Fail("The shop address changed: type the API key again, so the saved key is never sent to a new address.", KeyField), null);
        var otherShop = !string.Equals(ShopIdentity(integration.Url), ShopIdentity(url), StringComparison.OrdinalIgnoreCase) || integration.ShopId != shopId;
        if (otherShop && !confirmOtherShop && await HasShopDataAsync(db, integrationId, ct) is { } linked)
            return (SaveResult.Fail(
                $"This integration already holds {linked} from its current shop. Switching to another shop or shop id clears these links " +
                "and the feeds' checkpoints, so the next imports start from scratch; confirm to go on, or create a new integration for the other shop.")
                with { NeedsConfirmation = true }, null);

        var key = string.IsNullOrWhiteSpace(newApiKey) ? protector.Unprotect(integration.ProtectedApiKey) : newApiKey.Trim();
        var report = await platforms.Get(integration.Platform).TestConnectionAsync(new ShopConnection(url.Trim(), key, shopId, requestConcurrency), ct);
        if (!report.CanSave)
            return (SaveResult.Fail(report.Summary!, report.AuthenticationFailed ? KeyField : UrlField), report);
        var saved = await ChangeIntegrationAsync(integrationId, async (work, changing) =>
        {
            changing.ChangeUrl(url);
            if (!string.IsNullOrWhiteSpace(newApiKey))
                changing.ReplaceApiKey(protector.Protect(key), key);
            changing.UseShop(shopId);
            changing.ChangeSettings(changing.Settings with { RequestConcurrency = requestConcurrency });
            changing.RecordShop(report.ShopNameFor(shopId), report.Version, report.Currency);
            if (otherShop)
            {
                // The old shop's ids mean nothing in the new one: forget them and start every feed from the beginning.
                await work.ExternalLinks.Where(l => l.IntegrationId == integrationId).ExecuteDeleteAsync(ct);
                foreach (var lease in await work.FeedLeases.Where(l => l.IntegrationId == integrationId).ToListAsync(ct))
                    lease.Commit(null);
            }
            return SaveResult.Ok;
        }, ct);
        return (saved, report);
    }

    /// <summary>Renames the integration; names are unique so that lists, logs and filters can tell integrations apart.</summary>
    public async Task<SaveResult> RenameAsync(int integrationId, string name, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return SaveResult.Fail(refusal);
        var trimmed = name?.Trim() ?? "";
        return await ChangeIntegrationAsync(integrationId, async (db, integration) =>
        {
            if (await db.Integrations.AnyAsync(i => i.Id != integrationId && i.Name == trimmed, ct))
                return SaveResult.Fail($"An integration named '{trimmed}' already exists; choose another name.", NameField);
            try
            {
                integration.Rename(trimmed);
            }
            catch (DomainException e)
            {
                return SaveResult.Fail(e.Message, NameField);
            }
            return SaveResult.Ok;
        }, ct);
    }

    /// <summary>
    /// Tests the saved connection (address, key, shop id) without changing it, and remembers the shop's name and version
    /// when the shop answered. Admin only: it uses the saved key.
    /// </summary>
    public async Task<(SaveResult Result, ConnectionReport? Report)> TestConnectionAsync(int integrationId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return (SaveResult.Fail(refusal), null);
        Integration saved;
        await using (var db = await contexts.CreateDbContextAsync(ct))
            saved = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId, ct);
        var connection = new ShopConnection(saved.Url, protector.Unprotect(saved.ProtectedApiKey), saved.ShopId, saved.Settings.RequestConcurrency);
        var report = await platforms.Get(saved.Platform).TestConnectionAsync(connection, ct);
        if (report.ShopNameFor(saved.ShopId) is not null || report.Version is not null || report.Currency is not null)
            await ChangeIntegrationAsync(integrationId, (_, integration) =>
            {
                integration.RecordShop(report.ShopNameFor(saved.ShopId), report.Version, report.Currency);
                return Task.FromResult(SaveResult.Ok);
            }, ct);
        return (report.CanSave ? SaveResult.Ok : SaveResult.Fail(report.Summary!), report);
    }

    /// <summary>
    /// Creates a shipping method from the mapping grid, so a first carrier is never a dead end. Admin only; a name
    /// already taken is refused with the way out.
    /// </summary>
    public Task<(SaveResult Result, int? Id)> CreateShippingMethodAsync(string name, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var trimmed = name?.Trim() ?? "";
        return CreateMethodAsync(user, db => db.ShippingMethods.AnyAsync(m => m.Name == trimmed, ct),
            db => { var method = new Domain.Orders.ShippingMethod(trimmed); db.ShippingMethods.Add(method); return () => method.Id; },
            $"A shipping method named '{trimmed}' already exists: choose it in the list (or activate it in Shipping & payment).", ct);
    }

    /// <summary>Creates a payment method from the mapping grid (see <see cref="CreateShippingMethodAsync"/>).</summary>
    public Task<(SaveResult Result, int? Id)> CreatePaymentMethodAsync(string name, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var trimmed = name?.Trim() ?? "";
        return CreateMethodAsync(user, db => db.PaymentMethods.AnyAsync(m => m.Name == trimmed, ct),
            db => { var method = new Domain.Orders.PaymentMethod(trimmed); db.PaymentMethods.Add(method); return () => method.Id; },
            $"A payment method named '{trimmed}' already exists: choose it in the list (or activate it in Shipping & payment).", ct);
    }

    private async Task<(SaveResult Result, int? Id)> CreateMethodAsync(ClaimsPrincipal user, Func<ConnectDbContext, Task<bool>> exists,
        Func<ConnectDbContext, Func<int>> add, string taken, CancellationToken ct)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return (SaveResult.Fail(refusal), null);
        await using var db = await contexts.CreateDbContextAsync(ct);
        Func<int> id;
        try
        {
            if (await exists(db)) return (SaveResult.Fail(taken, NameField), null);
            id = add(db);
        }
        catch (DomainException e)
        {
            return (SaveResult.Fail(e.Message, NameField), null);
        }
        await db.SaveChangesAsync(ct);
        return (SaveResult.Ok, id());
    }

    private static string Address(string url) => url.Trim().TrimEnd('/');

    /// <summary>Host (without www.) and path: http→https or adding www. is the same shop; another host or folder is not.</summary>
    private static string ShopIdentity(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return url.Trim();
        var host = uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
        return $"{host}:{(uri.IsDefaultPort ? "" : uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}{uri.AbsolutePath.TrimEnd('/')}";
    }

    private static async Task<string?> HasShopDataAsync(ConnectDbContext db, int integrationId, CancellationToken ct)
    {
        var links = await db.ExternalLinks.CountAsync(l => l.IntegrationId == integrationId, ct);
        var checkpoints = await db.FeedLeases.CountAsync(l => l.IntegrationId == integrationId && l.Checkpoint != null, ct);
        if (links == 0 && checkpoints == 0) return null;
        return $"{links} linked record(s) (products, images, orders...) and {checkpoints} feed checkpoint(s)";
    }

    /// <summary>The shop's back-office address (optional), for the "Open in PrestaShop" links of the order pages.</summary>
    public async Task<SaveResult> SaveBackOfficeAsync(int integrationId, string? address, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return SaveResult.Fail(refusal);
        try
        {
            Integration.BackOffice(address);
        }
        catch (DomainException e)
        {
            return SaveResult.Fail(e.Message, BackOfficeField);
        }
        return await ChangeSettingsAsync(integrationId, user, s => s with { BackOfficeUrl = address }, ct);
    }

    /// <summary>Store, first order id and the whole status grid, together: a grid that imports nothing is refused.</summary>
    public async Task<SaveResult> SaveOrderImportAsync(int integrationId, int? storeId, long? importFromId, IReadOnlyList<StatusRuleInput> rules,
        ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return SaveResult.Fail(refusal);
        if (importFromId is < 0)
            return SaveResult.Fail("'Import orders from id' must be empty, 0 or a shop order number.", FromIdField);
        if (rules.Count > 0 && !rules.Any(r => r.Action != OrderImportAction.DoNotImport))
            return SaveResult.Fail("No order status imports anything: choose 'Import as valid' at least for the paid statuses that must be shipped (e.g. 'Payment accepted').", RulesField);
        return await ChangeIntegrationAsync(integrationId, async (db, integration) =>
        {
            if (storeId is null || await db.Stores.AsNoTracking().SingleOrDefaultAsync(s => s.Id == storeId, ct) is not { Active: true })
                return SaveResult.Fail("Choose an active store for imported orders.", StoreField);
            integration.AssignStore(storeId.Value);
            integration.ChangeSettings(integration.Settings with { ImportOrdersToStoreId = storeId, ImportOrdersFromId = importFromId });

            var saved = await db.OrderStatusRules.Where(r => r.IntegrationId == integrationId).ToDictionaryAsync(r => r.ExternalStatusId, ct);
            foreach (var rule in rules)
            {
                if (saved.TryGetValue(rule.StateId, out var existing))
                    existing.Change(rule.StateName, rule.Action, rule.Retry);
                else
                    db.OrderStatusRules.Add(new OrderStatusRule(integrationId, rule.StateId, rule.StateName, rule.Action, rule.Retry));
            }
            // Rules of states that vanished from the shop are kept: orders may still carry them.
            return SaveResult.Ok;
        }, ct);
    }

    /// <summary>Replaces the carrier mappings with the mapped rows; a deactivated method is refused.</summary>
    public async Task<SaveResult> SaveCarrierMappingsAsync(int integrationId, IReadOnlyList<CarrierMappingInput> rows, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return SaveResult.Fail(refusal);
        var mapped = rows.Where(r => r.ShippingMethodId is not null).ToList();
        if (mapped.Any(r => string.IsNullOrWhiteSpace(r.CarrierReference)))
            return SaveResult.Fail("Every row needs the carrier's reference id (id_reference in PrestaShop).");
        if (mapped.GroupBy(r => r.CarrierReference.Trim()).FirstOrDefault(g => g.Count() > 1) is { } dup)
            return SaveResult.Fail($"Carrier reference {dup.Key} is mapped twice; keep one row per carrier.");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var ids = mapped.Select(r => r.ShippingMethodId!.Value).Distinct().ToList();
        var methods = await db.ShippingMethods.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        foreach (var row in mapped)
        {
            if (!methods.TryGetValue(row.ShippingMethodId!.Value, out var method))
                return SaveResult.Fail($"The shipping method chosen for '{row.CarrierName}' no longer exists; choose another.", row.CarrierReference);
            if (!method.Active)
                return SaveResult.Fail($"Shipping method '{method.Name}' is deactivated: choose an active method for '{row.CarrierName}', or activate it in Shipping & payment.", row.CarrierReference);
        }
        var saved = await db.CarrierMappings.Where(m => m.IntegrationId == integrationId).ToListAsync(ct);
        var wanted = mapped.ToDictionary(r => r.CarrierReference.Trim());
        db.CarrierMappings.RemoveRange(saved.Where(s => !wanted.ContainsKey(s.CarrierReference)));
        foreach (var row in wanted.Values)
        {
            if (saved.FirstOrDefault(s => s.CarrierReference == row.CarrierReference.Trim()) is { } existing)
                existing.MapTo(row.ShippingMethodId!.Value, row.CarrierName);
            else
                db.CarrierMappings.Add(new CarrierMapping(integrationId, row.CarrierReference.Trim(), row.CarrierName.Trim(), row.ShippingMethodId!.Value));
        }
        await db.SaveChangesAsync(ct);
        return SaveResult.Ok;
    }

    /// <summary>Replaces the payment mappings with the mapped rows; a deactivated method is refused.</summary>
    public async Task<SaveResult> SavePaymentMappingsAsync(int integrationId, IReadOnlyList<PaymentMappingInput> rows, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return SaveResult.Fail(refusal);
        var mapped = rows.Where(r => r.PaymentMethodId is not null || !string.IsNullOrWhiteSpace(r.PaymentName)).ToList();
        if (mapped.FirstOrDefault(r => string.IsNullOrWhiteSpace(r.PaymentName)) is not null)
            return SaveResult.Fail("Enter the payment string exactly as the shop's order grid shows it (e.g. 'Bank wire'), or remove the empty row.");
        mapped = mapped.Where(r => r.PaymentMethodId is not null).ToList();
        if (mapped.GroupBy(r => r.PaymentName.Trim(), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } dup)
            return SaveResult.Fail($"Payment '{dup.Key}' is mapped twice; keep one row.", dup.Key);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var ids = mapped.Select(r => r.PaymentMethodId!.Value).Distinct().ToList();
        var methods = await db.PaymentMethods.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        foreach (var row in mapped)
        {
            if (!methods.TryGetValue(row.PaymentMethodId!.Value, out var method))
                return SaveResult.Fail($"The payment method chosen for '{row.PaymentName}' no longer exists; choose another.", row.PaymentName.Trim());
            if (!method.Active)
                return SaveResult.Fail($"Payment method '{method.Name}' is deactivated: choose an active method for '{row.PaymentName.Trim()}', or activate it in Shipping & payment.", row.PaymentName.Trim());
        }
        var saved = await db.PaymentMappings.Where(m => m.IntegrationId == integrationId).ToListAsync(ct);
        var wanted = mapped.ToDictionary(r => r.PaymentName.Trim(), StringComparer.Ordinal);
        db.PaymentMappings.RemoveRange(saved.Where(s => !wanted.ContainsKey(s.PaymentName)));
        foreach (var (name, row) in wanted)
        {
            if (saved.FirstOrDefault(s => s.PaymentName == name) is { } existing)
                existing.MapTo(row.PaymentMethodId!.Value);
            else
                db.PaymentMappings.Add(new PaymentMapping(integrationId, name, row.PaymentMethodId!.Value));
        }
        await db.SaveChangesAsync(ct);
        return SaveResult.Ok;
    }

    public Task<SaveResult> SaveShippingConfirmationAsync(int integrationId, string? fullShipmentStatusId, string? partialShipmentStatusId,
        bool sendEmail, ClaimsPrincipal user, CancellationToken ct = default) =>
        ChangeSettingsAsync(integrationId, user, s => s with
        {
            FullShipmentStatusId = string.IsNullOrWhiteSpace(fullShipmentStatusId) ? null : fullShipmentStatusId,
            PartialShipmentStatusId = string.IsNullOrWhiteSpace(partialShipmentStatusId) ? null : partialShipmentStatusId,
            SendShippingEmail = sendEmail,
        }, ct);

    /// <summary>
    /// Turns the carrier update of shipping confirmations on or off and replaces its grid, in one save. Rows without a carrier
    /// are dropped; one row per method and at most one "any other method" row.
    /// </summary>
    public async Task<SaveResult> SaveCarrierUpdateAsync(int integrationId, bool enabled, IReadOnlyList<ShopCarrierRuleInput> rows, ClaimsPrincipal user,
        CancellationToken ct = default)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return SaveResult.Fail(refusal);
        var wanted = rows.Where(r => !string.IsNullOrWhiteSpace(r.CarrierReference)).ToList();
        if (wanted.GroupBy(r => r.ShippingMethodId).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return SaveResult.Fail(twice.Key is null
                ? "There are two 'any other method' rows; keep one."
                : "A shipping method has two rows; keep one carrier per method.");
        if (enabled && wanted.Count == 0)
            return SaveResult.Fail("Add at least one row (or an 'any other method' row) before turning the carrier update on.");
        return await ChangeIntegrationAsync(integrationId, async (db, integration) =>
        {
            if (!user.CanSee(integration.StoreId))
                return SaveResult.Fail($"Integration #{integrationId} does not exist or belongs to a store you cannot see.");
            var ids = wanted.Where(r => r.ShippingMethodId is not null).Select(r => r.ShippingMethodId!.Value).ToList();
            if (ids.Count > 0 && await db.ShippingMethods.CountAsync(m => ids.Contains(m.Id), ct) != ids.Count)
                return SaveResult.Fail("A chosen shipping method no longer exists; reload the page and choose again.");
            // The switch and the grid commit together.
            integration.ChangeSettings(integration.Settings with { UpdateShopCarrier = enabled });
            db.ShopCarrierRules.RemoveRange(await db.ShopCarrierRules.Where(r => r.IntegrationId == integrationId).ToListAsync(ct));
            foreach (var row in wanted)
                db.ShopCarrierRules.Add(new ShopCarrierRule(integrationId, row.ShippingMethodId, row.CarrierReference!, row.CarrierName.Trim()));
            return SaveResult.Ok;
        }, ct);
    }

    public async Task<SaveResult> SaveStockImportAsync(int integrationId, int? warehouseId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return SaveResult.Fail(refusal);
        if (warehouseId is not null && await InactiveWarehouseAsync([warehouseId.Value], ct) is { } error)
            return SaveResult.Fail(error, WarehouseField);
        return await ChangeSettingsAsync(integrationId, user, s => s with { StockImportWarehouseId = warehouseId }, ct);
    }

    public async Task<SaveResult> SaveStockExportAsync(int integrationId, IReadOnlyCollection<int> warehouseIds, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return SaveResult.Fail(refusal);
        if (await InactiveWarehouseAsync(warehouseIds, ct) is { } error)
            return SaveResult.Fail(error, WarehouseField);
        var chosen = warehouseIds.Distinct().Order().ToList();
        return await ChangeIntegrationAsync(integrationId, async (db, integration) =>
        {
            if (integration.Settings.StockExportWarehouseIds.Order().SequenceEqual(chosen)) return SaveResult.Ok;
            integration.ChangeSettings(integration.Settings with { StockExportWarehouseIds = chosen });
            // Other warehouses make another sellable quantity for every product: each linked product is exported again,
            // in the same transaction as the choice, so the shop never keeps quantities counted from the old warehouses.
            var now = clock.GetUtcNow().UtcDateTime;
            await db.StockExportRequests.Where(r => r.IntegrationId == integrationId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Version, r => r.Version + 1)
                    .SetProperty(r => r.NextAttemptAt, (DateTime?)null).SetProperty(r => r.RequestedAt, now), ct);
            var unasked = await db.ExternalLinks
                .Where(l => l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product
                            && !db.StockExportRequests.Any(r => r.IntegrationId == integrationId && r.ProductId == l.LocalId))
                .Select(l => l.LocalId).Distinct().ToListAsync(ct);
            db.StockExportRequests.AddRange(unasked.Select(productId => new Connect.Domain.Sync.StockExportRequest(integrationId, productId, now)));
            return SaveResult.Ok;
        }, ct);
    }

    /// <summary>Live on: the stock level export and shipping confirmation feeds run, and Connect's stock overwrites the shop's.</summary>
    public async Task<SaveResult> SetLiveAsync(int integrationId, bool live, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return SaveResult.Fail(refusal);
        return await ChangeIntegrationAsync(integrationId, (_, integration) =>
        {
            if (live && integration.Settings.StockExportWarehouseIds.Count == 0)
                return Task.FromResult(SaveResult.Fail("Choose the warehouses to export in 'Stock level export settings' before going live: otherwise Connect would send 0 for every product."));
            if (live) integration.GoLive(); else integration.GoOffline();
            return Task.FromResult(SaveResult.Ok);
        }, ct);
    }

    private async Task<SaveResult> ChangeSettingsAsync(int integrationId, ClaimsPrincipal user, Func<IntegrationSettings, IntegrationSettings> change, CancellationToken ct)
    {
        if (ConnectAccess.RefuseAdministering(user) is { } refusal) return SaveResult.Fail(refusal);
        return await ChangeIntegrationAsync(integrationId, (_, integration) =>
        {
            integration.ChangeSettings(change(integration.Settings));
            return Task.FromResult(SaveResult.Ok);
        }, ct);
    }

    private const int MaxSaveAttempts = 3;

    /// <summary>
    /// One save of one integration: <paramref name="apply"/> changes a fresh read of it, and the change commits in one
    /// transaction, or not at all when apply refuses. Each save changes only its own section, so when another save of the
    /// same integration committed in between (the database saw its revision move), this one is simply redone on the new
    /// state: two admins saving different sections both keep their change, and no save writes back stale settings.
    /// </summary>
    private async Task<SaveResult> ChangeIntegrationAsync(int integrationId, Func<ConnectDbContext, Integration, Task<SaveResult>> apply,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await UnitOfWork.RunAsync(contexts, async db =>
                {
                    if (await db.Integrations.SingleOrDefaultAsync(i => i.Id == integrationId, ct) is not { } integration)
                        return SaveResult.Fail($"Integration #{integrationId} no longer exists; go back to Integrations.");
                    SaveResult result;
                    try
                    {
                        result = await apply(db, integration);
                    }
                    catch (DomainException e)
                    {
                        return SaveResult.Fail(e.Message);
                    }
                    if (result.Saved) await db.SaveChangesAsync(ct);
                    return result;
                }, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxSaveAttempts)
            {
                // Another save of this integration won the race: read it again and redo this section's change on top.
            }
            catch (DbUpdateConcurrencyException)
            {
                return SaveResult.Fail("Others kept saving this integration at the same moment; reload the page and save again.");
            }
        }
    }

    private async Task<string?> InactiveWarehouseAsync(IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = await db.Warehouses.AsNoTracking().Where(w => ids.Contains(w.Id)).ToListAsync(ct);
        if (found.Count < ids.Distinct().Count())
            return "A chosen warehouse no longer exists; reload the page and choose again.";
        return found.FirstOrDefault(w => !w.Active) is { } w
            ? $"Warehouse '{w.Name}' is deactivated: choose an active warehouse, or activate it in Stores."
            : null;
    }
}
