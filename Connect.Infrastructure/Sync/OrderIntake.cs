using Connect.Domain;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Sync;

/// <summary>
/// Takes pages of shop orders into Connect by the integration's order status rules. An imported order, its reservations, its
/// stock movements, its external link and the removal of its waiting row are one transaction; an order that cannot be imported
/// yet (a state that may still change, an unmapped carrier or payment, a product the shop no longer has) is parked as a
/// <see cref="WaitingOrder"/> with the fix, for the Retry feed. The unique order link makes reruns and concurrent runs import
/// each shop order once: a page that clashes with another run is redone and finds those orders already imported.
/// </summary>
public sealed class OrderIntake(IDbContextFactory<ConnectDbContext> contexts, TimeProvider clock)
{
    private const int Attempts = 3;

    /// <param name="states">The shop's order states by id (names for the messages).</param>
    /// <param name="by">Who changes stock, for the movements (the feed's name).</param>
    /// <param name="feedRunId">The feed run importing, for the orders' history.</param>
    public async Task<OrderIntakeResult> ApplyAsync(int integrationId, IReadOnlyList<IncomingOrder> orders,
        IReadOnlyDictionary<string, OrderStateInfo> states, string by, CancellationToken ct, long? feedRunId = null)
    {
        if (orders.Count == 0) return new OrderIntakeResult([]);
        // A shop order listed twice in a page is taken once, as last listed.
        var distinct = orders.GroupBy(o => o.ExternalId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var outcomes = new List<OrderOutcome>(distinct.Count);
        // One transaction per part of the page, not per page: on SQLite a transaction holds the only write lock, and the
        // feed's lease renewal waits for it. A page of 500 orders on a starved CPU held it past the lease (60 s), and the
        // engine cancelled the run. Committing parts is safe: the caller moves its checkpoint only after the whole page,
        // and a page redone after a crash finds the committed parts' orders imported (their links are unique).
        foreach (var part in distinct.Chunk(TransactionSize))
            outcomes.AddRange(await ApplyPartAsync(integrationId, part, states, by, feedRunId, ct));
        return new OrderIntakeResult(outcomes);
    }

    /// <summary>Orders written per transaction (see <see cref="ApplyAsync"/>).</summary>
    internal const int TransactionSize = 100;

    private async Task<IReadOnlyList<OrderOutcome>> ApplyPartAsync(int integrationId, IReadOnlyList<IncomingOrder> orders,
        IReadOnlyDictionary<string, OrderStateInfo> states, string by, long? feedRunId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await UnitOfWork.RunAsync(contexts, db => ApplyPageAsync(db, integrationId, orders, states, by, feedRunId, ct), ct)).Outcomes;
            }
            catch (Exception ex) when (attempt < Attempts && ex is DbUpdateException or System.Data.Common.DbException)
            {
                // Another run committed some of these orders (or the same stock row) first: redo the part, which now sees them.
                // The multi-row inserts fail with the provider's own exception where SaveChanges wraps it.
            }
        }
    }

    /// <summary>The product keys of these lines that no Connect product is linked to yet.</summary>
    public async Task<IReadOnlySet<string>> UnknownProductKeysAsync(int integrationId, IEnumerable<string> productKeys, CancellationToken ct)
    {
        var keys = productKeys.ToHashSet(StringComparer.Ordinal);
        if (keys.Count == 0) return keys;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var known = await db.LinksAsync(integrationId, ExternalLinkKind.Product, keys, ct);
        keys.ExceptWith(known.Keys);
        return keys;
    }

    /// <summary>Of these shop order ids, those already imported, with their Connect order id.</summary>
    public async Task<IReadOnlyDictionary<string, int>> ImportedAsync(int integrationId, IReadOnlyCollection<string> externalIds, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var links = await db.LinksAsync(integrationId, ExternalLinkKind.Order, externalIds, ct);
        return links.ToDictionary(l => l.Key, l => l.Value.LocalId, StringComparer.Ordinal);
    }

    /// <summary>The shop order ids waiting for the Retry feed, oldest first.</summary>
    public async Task<IReadOnlyList<string>> WaitingAsync(int integrationId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.WaitingOrders.AsNoTracking().Where(w => w.IntegrationId == integrationId)
            .OrderBy(w => w.Id).Select(w => w.ExternalNumber).ToListAsync(ct);
    }

    /// <summary>Where Update orders starts on its first run: a day before the oldest open imported order was placed; null when none is open.</summary>
    public async Task<DateTime?> OldestOpenOrderAsync(int integrationId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var oldest = await db.Orders.AsNoTracking()
            .Where(o => o.IntegrationId == integrationId && (o.Status == OrderStatus.Valid || o.Status == OrderStatus.OnHold || o.Status == OrderStatus.PartiallyShipped))
            .OrderBy(o => o.PlacedAt).Select(o => (DateTime?)o.PlacedAt).FirstOrDefaultAsync(ct);
        return oldest?.AddDays(-1);
    }

    /// <summary>The integration's "Import orders from id" (orders below it are never imported); null when not set.</summary>
    public async Task<long?> ImportOrdersFromIdAsync(int integrationId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId, ct);
        return integration.Settings.ImportOrdersFromId;
    }

    /// <summary>Takes orders the shop no longer has off the waiting list.</summary>
    public Task<int> DropWaitingAsync(int integrationId, IReadOnlyCollection<string> externalIds, CancellationToken ct) =>
        externalIds.Count == 0 ? Task.FromResult(0) : UnitOfWork.RunAsync(contexts, async db =>
        {
            var ids = externalIds.ToList();
            var rows = await db.WaitingOrders.Where(w => w.IntegrationId == integrationId && ids.Contains(w.ExternalNumber)).ToListAsync(ct);
            db.WaitingOrders.RemoveRange(rows);
            await db.SaveChangesAsync(ct);
            return rows.Count;
        }, ct);

    /// <summary>
    /// Cancels imported orders the shop cancelled or refunded and gives their reservations back. Only the status moves: lines
    /// and addresses stay as imported. An order that already shipped (in part or in full) is left as it is and reported as a
    /// conflict for a person to settle.
    /// </summary>
    /// <param name="changes">Shop orders changed since the last run, with their current state; orders not imported are ignored.</param>
    public Task<IReadOnlyList<CancelOutcome>> ApplyStatusChangesAsync(int integrationId, IReadOnlyList<(string ExternalId, string StatusId)> changes,
        IReadOnlyDictionary<string, OrderStateInfo> states, string by, CancellationToken ct, long? feedRunId = null) =>
        changes.Count == 0 ? Task.FromResult<IReadOnlyList<CancelOutcome>>([]) : UnitOfWork.RunAsync<IReadOnlyList<CancelOutcome>>(contexts, async db =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var cancelRules = await db.OrderStatusRules.AsNoTracking()
                .Where(r => r.IntegrationId == integrationId && r.Action == OrderImportAction.ImportAndCancel).Select(r => r.ExternalStatusId).ToListAsync(ct);
            // The rule grid says "cancel" for a state, or the shop itself flags the state as cancelled or refunded.
            var cancelled = changes
                .Where(c => cancelRules.Contains(c.StatusId) || states.GetValueOrDefault(c.StatusId)?.CancelledOrRefunded == true)
                .Select(c => (c.ExternalId, StatusName: states.GetValueOrDefault(c.StatusId)?.Name ?? $"#{c.StatusId}")).ToList();
            var links = await db.LinksAsync(integrationId, ExternalLinkKind.Order, cancelled.Select(c => c.ExternalId).ToList(), ct);
            var ids = links.Values.Select(l => l.LocalId).ToList();
            var orders = await db.Orders.Include(o => o.Lines).Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            var warehouses = await db.Stores.ToDictionaryAsync(s => s.Id, s => s.DefaultWarehouseId, ct);
            var outcomes = new List<CancelOutcome>();
            foreach (var (externalId, statusName) in cancelled)
            {
                if (!links.TryGetValue(externalId, out var link) || !orders.TryGetValue(link.LocalId, out var order)) continue;
                if (order.Status == OrderStatus.Cancelled) continue;
                if (order.Status is OrderStatus.Shipped or OrderStatus.PartiallyShipped or OrderStatus.History)
                {
                    outcomes.Add(new(externalId, order.Id, false,
                        $"Order {externalId} is '{statusName}' in the shop but {order.Status} in Connect; it was not cancelled. Check the order with the customer and settle it by hand (return or refund)."));
                    continue;
                }
                var productIds = order.Lines.Where(l => l.QuantityReserved > 0).Select(l => l.ProductId!.Value).ToList();
                var warehouseId = warehouses[order.StoreId];
                var stock = await db.StockLevels.Where(s => s.WarehouseId == warehouseId && productIds.Contains(s.ProductId)).ToDictionaryAsync(s => s.ProductId, ct);
                var movements = order.Cancel(p => stock[p], new StockChange(StockMovementReason.ReservationReleased, by, now, $"Shop order {externalId} is '{statusName}'", FeedRunId: feedRunId));
                db.StockMovements.AddRange(movements);
                link.Touch(now);
                outcomes.Add(new(externalId, order.Id, true, $"Cancelled order {externalId}: it is '{statusName}' in the shop; {movements.Sum(m => -m.ReservedChange)} reserved unit(s) released."));
            }
            await db.SaveChangesAsync(ct);
            return outcomes;
        }, ct);

    private async Task<OrderIntakeResult> ApplyPageAsync(ConnectDbContext db, int integrationId, IReadOnlyList<IncomingOrder> orders,
        IReadOnlyDictionary<string, OrderStateInfo> states, string by, long? feedRunId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId, ct);
        var storeId = integration.Settings.ImportOrdersToStoreId ?? integration.StoreId;
        var (warehouseId, warehouseName) = await db.Stores.Where(s => s.Id == storeId)
            .Select(s => new ValueTuple<int, string>(s.DefaultWarehouseId, s.DefaultWarehouse!.Name)).SingleOrDefaultAsync(ct);
        if (warehouseId == 0)
            throw new InvalidOperationException($"Store {storeId} does not exist; choose 'Import orders to store' in Configuration > Order import.");
        var rules = await db.OrderStatusRules.AsNoTracking().Where(r => r.IntegrationId == integrationId)
            .ToDictionaryAsync(r => r.ExternalStatusId, StringComparer.Ordinal, ct);
        var carriers = (await db.CarrierMappings.AsNoTracking().Where(m => m.IntegrationId == integrationId).ToListAsync(ct))
            .GroupBy(m => m.CarrierReference, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().ShippingMethodId, StringComparer.Ordinal);
        var payments = (await db.PaymentMappings.AsNoTracking().Where(m => m.IntegrationId == integrationId).ToListAsync(ct))
            .GroupBy(m => m.PaymentName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().PaymentMethodId, StringComparer.OrdinalIgnoreCase);

        var byId = new Dictionary<string, IncomingOrder>(StringComparer.Ordinal);
        foreach (var o in orders) byId[o.ExternalId] = o;
        var imported = await db.LinksAsync(integrationId, ExternalLinkKind.Order, byId.Keys, ct);
        var numbers = byId.Keys.ToList();
        var waiting = await db.WaitingOrders.Include(w => w.Lines)
            .Where(w => w.IntegrationId == integrationId && numbers.Contains(w.ExternalNumber))
            .ToDictionaryAsync(w => w.ExternalNumber, StringComparer.Ordinal, ct);
        var products = await db.LinksAsync(integrationId, ExternalLinkKind.Product, byId.Values.SelectMany(o => o.Lines).Select(l => l.ProductKey).ToList(), ct);

        var outcomes = new List<OrderOutcome>();
        var created = new List<(IncomingOrder Incoming, Order Order, OrderImportAction Action, string StateName)>();
        foreach (var incoming in byId.Values)
        {
            if (imported.TryGetValue(incoming.ExternalId, out var link))
            {
                if (waiting.Remove(incoming.ExternalId, out var stale)) db.WaitingOrders.Remove(stale);
                outcomes.Add(new(incoming.ExternalId, OrderOutcomeKind.AlreadyImported, null, link.LocalId));
                continue;
            }
            var state = states.GetValueOrDefault(incoming.StatusId) ?? new OrderStateInfo(incoming.StatusId, $"#{incoming.StatusId}", false);
            var rule = rules.GetValueOrDefault(incoming.StatusId);
            if (rule is null)
            {
                outcomes.Add(Park(incoming, state, WaitingReason.ImportFailed,
                    $"Order {incoming.ExternalId} is in status '{state.Name}', which has no import rule. Choose an action for status '{state.Name}' in Configuration > Order import; Retry will then import the order or drop it."));
                continue;
            }
            if (!rule.Imports)
            {
                if (rule.Retry)
                {
                    outcomes.Add(Park(incoming, state, WaitingReason.AwaitingStatus,
                        $"Status '{state.Name}' is not imported yet; Retry looks at the order again until its status is imported (Configuration > Order import)."));
                    continue;
                }
                var dropped = waiting.Remove(incoming.ExternalId, out var row);
                if (dropped) db.WaitingOrders.Remove(row!);
                outcomes.Add(new(incoming.ExternalId, dropped ? OrderOutcomeKind.Dropped : OrderOutcomeKind.NotImported,
                    $"Order {incoming.ExternalId} is in status '{state.Name}', which is not imported (Configuration > Order import)" +
                    (dropped ? "; it is no longer waiting." : ".")));
                continue;
            }

            var problem = MissingMapping(incoming, carriers, payments) ?? MissingProduct(incoming, products);
            if (problem is not null)
            {
                outcomes.Add(Park(incoming, state, WaitingReason.ImportFailed, problem));
                continue;
            }
            try
            {
                var order = new Order(Draft(incoming, integrationId, storeId, carriers, payments, products), now);
                // Import and complete ships at once, and a shipment names its lines by their keys: such an order is saved
                // by SaveChanges first. The page's other new orders are written by multi-row inserts (WriteNewOrdersAsync).
                if (rule.Action == OrderImportAction.ImportAndComplete) db.Orders.Add(order);
                created.Add((incoming, order, rule.Action, state.Name));
                if (waiting.Remove(incoming.ExternalId, out var done)) db.WaitingOrders.Remove(done);
            }
            catch (DomainException ex)
            {
                outcomes.Add(Park(incoming, state, WaitingReason.ImportFailed, $"Order {incoming.ExternalId}: {ex.Message}"));
            }
        }

        if (created.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return new OrderIntakeResult(outcomes);
        }
        // The orders to complete get their ids (and their lines'), which their shipment and stock movements carry.
        if (created.Any(c => c.Action == OrderImportAction.ImportAndComplete)) await db.SaveChangesAsync(ct);
        var productIds = created.SelectMany(c => c.Order.Lines).Where(l => l.ProductId is not null).Select(l => l.ProductId!.Value).Distinct().ToList();
        var stock = await db.StockLevels.Where(s => s.WarehouseId == warehouseId && productIds.Contains(s.ProductId)).ToDictionaryAsync(s => s.ProductId, ct);
        StockLevel StockOf(int productId)
        {
            if (stock.TryGetValue(productId, out var level)) return level;
            level = new StockLevel(productId, warehouseId); // first order of a product never counted: nothing on hand yet
            db.StockLevels.Add(level);
            return stock[productId] = level;
        }
        var applied = new List<NewOrder>(created.Count);
        foreach (var (incoming, order, action, stateName) in created)
        {
            var change = new StockChange(StockMovementReason.Reservation, by, now, $"Shop order {incoming.ExternalId}", FeedRunId: feedRunId);
            // The history starts with the import; what the rule then does (hold, cancel, ship) follows it.
            order.Imported(change.Actor, $"{action.Label()} (shop state '{stateName}')");
            string? warning = null;
            var movements = action switch
            {
                OrderImportAction.ImportAsValid => order.Allocate(StockOf, change),
                OrderImportAction.ImportAndHold => Hold(order, order.Allocate(StockOf, change), change.Actor),
                OrderImportAction.ImportAndCancel => order.Cancel(StockOf, change with { Note = $"Import and cancel (shop state '{stateName}')" }),
                OrderImportAction.ImportAndComplete => Complete(order, StockOf, change, stateName, warehouseName, out warning),
                _ => History(order, now),
            };
            if (action == OrderImportAction.ImportAndComplete) db.StockMovements.AddRange(movements);
            applied.Add(new(incoming, order, action, movements, warning));
        }
        await WriteNewOrdersAsync(db, applied.Where(a => a.Action != OrderImportAction.ImportAndComplete).ToList(), ct);
        await BulkInsert.InsertAsync(db, applied.Select(a => new ExternalLink(integrationId, ExternalLinkKind.Order, a.Incoming.ExternalId, a.Order.Id, now)).ToList(), ct);
        // The stock rows moved by the reservations are tracked (SaveChanges asks for their export); the new orders are not,
        // yet their unreserved lines change what the shop may sell: ask for those products' export in the same transaction.
        await Inventory.StockExportQueue.EnqueueForProductsAsync(db, productIds, ct);
        await db.SaveChangesAsync(ct);
        outcomes.AddRange(applied.Select(a => new OrderOutcome(a.Incoming.ExternalId, OrderOutcomeKind.Imported,
            $"Imported order {a.Incoming.ExternalId} ({a.Incoming.Reference}) as {Describe(a.Order)}.", a.Order.Id, a.Action, a.Warning)));
        return new OrderIntakeResult(outcomes);

        OrderOutcome Park(IncomingOrder incoming, OrderStateInfo state, WaitingReason reason, string message)
        {
            var lines = incoming.Lines.Select(l => new WaitingOrderLine(products.GetValueOrDefault(l.ProductKey)?.LocalId, l.ProductKey, Cut(l.Sku, 100) ?? "", Math.Max(1, l.Quantity)));
            if (!waiting.TryGetValue(incoming.ExternalId, out var row))
            {
                row = new WaitingOrder(integrationId, storeId, incoming.ExternalId, Cut(incoming.Reference, 40), incoming.PlacedAt, lines, now);
                db.WaitingOrders.Add(row);
                waiting[incoming.ExternalId] = row;
            }
            else row.ReplaceLines(lines);
            row.Seen(incoming.StatusId, Cut(state.Name, 200), reason, message, now);
            return new OrderOutcome(incoming.ExternalId, reason == WaitingReason.AwaitingStatus ? OrderOutcomeKind.Parked : OrderOutcomeKind.Failed, message);
        }
    }

    /// <summary>An order of this page with what its rule did: the stock movements to write and a warning for the log.</summary>
    private sealed record NewOrder(IncomingOrder Incoming, Order Order, OrderImportAction Action, IReadOnlyList<StockMovement> Movements, string? Warning);

    /// <summary>
    /// Writes the page's new orders with their lines, history and stock movements in a few multi-row inserts (one statement
    /// per row cost about 5 ms of CPU per order): the orders first, which gives them their keys, then their dependents
    /// carrying those keys. Runs inside the page's transaction, so a failure leaves none of it.
    /// </summary>
    private static async Task WriteNewOrdersAsync(ConnectDbContext db, IReadOnlyList<NewOrder> orders, CancellationToken ct)
    {
        if (orders.Count == 0) return;
        await BulkInsert.InsertWithKeysAsync(db, orders.Select(o => o.Order).ToList(), nameof(Order.ExternalNumber), ct);
        foreach (var (_, order, _, movements, _) in orders)
        {
            foreach (var line in order.Lines) BulkInsert.FixUp(db, line, nameof(OrderLine.OrderId), order.Id);
            foreach (var e in order.History) BulkInsert.FixUp(db, e, nameof(OrderEvent.OrderId), order.Id);
            // The movements were made before the order had its key.
            foreach (var movement in movements) BulkInsert.FixUp(db, movement, nameof(StockMovement.OrderId), (int?)order.Id);
        }
        await BulkInsert.InsertAsync(db, orders.SelectMany(o => o.Order.Lines).ToList(), ct);
        await BulkInsert.InsertAsync(db, orders.SelectMany(o => o.Order.History).ToList(), ct);
        await BulkInsert.InsertAsync(db, orders.SelectMany(o => o.Movements).ToList(), ct);
    }

    private static string? MissingMapping(IncomingOrder o, Dictionary<string, int> carriers, Dictionary<string, int> payments)
    {
        if (o.CarrierReference is { } reference && !carriers.ContainsKey(reference))
            return $"Map carrier '{o.CarrierName}' (reference {reference}) in Configuration > Shipping method mapping; Retry will import the order.";
        if (!string.IsNullOrWhiteSpace(o.Payment) && !payments.ContainsKey(o.Payment.Trim()))
            return $"Map payment '{o.Payment.Trim()}' in Configuration > Payment mapping; Retry will import the order.";
        return null;
    }

    private static string? MissingProduct(IncomingOrder o, Dictionary<string, ExternalLink> products)
    {
        var missing = o.Lines.Where(l => !products.ContainsKey(l.ProductKey)).ToList();
        if (missing.Count == 0) return null;
        var names = string.Join(", ", missing.Select(l => $"'{l.Name}' (reference {l.Sku}, shop product {l.ProductKey})"));
        return $"The shop no longer has {names}, so Connect cannot import it. Restore the product in the shop and run Import new products, or cancel the order in the shop; Retry will import the order once the product is in Connect.";
    }

    private static OrderDraft Draft(IncomingOrder o, int integrationId, int storeId, Dictionary<string, int> carriers,
        Dictionary<string, int> payments, Dictionary<string, ExternalLink> products) =>
        new(storeId, integrationId, o.ExternalId, Cut(o.Reference, 40),
            new OrderCustomer(Cut(o.Customer.Name, 200) ?? "", Cut(o.Customer.Email, 256), Cut(o.Customer.Phone, 40)),
            o.ShippingAddress with
            {
                Name = Cut(o.ShippingAddress.Name, 200) ?? "", Company = Cut(o.ShippingAddress.Company, 200), Line1 = Cut(o.ShippingAddress.Line1, 200),
                Line2 = Cut(o.ShippingAddress.Line2, 200), PostalCode = Cut(o.ShippingAddress.PostalCode, 20), City = Cut(o.ShippingAddress.City, 100),
                State = Cut(o.ShippingAddress.State, 100), CountryCode = Cut(o.ShippingAddress.CountryCode, 3), Phone = Cut(o.ShippingAddress.Phone, 40),
            },
            o.CarrierReference is { } c ? carriers[c] : null,
            string.IsNullOrWhiteSpace(o.Payment) ? null : payments[o.Payment.Trim()],
            Cut(o.Payment, 200), o.Currency, o.Totals, o.PlacedAt,
            o.Lines.Select(l => new OrderLineDraft(products[l.ProductKey].LocalId, Cut(l.Sku, 100) ?? "", Cut(l.Name, 400) ?? "", l.Quantity, l.UnitPrice)).ToList());

    private static IReadOnlyList<StockMovement> Hold(Order order, IReadOnlyList<StockMovement> movements, OrderActor actor)
    {
        order.Hold(actor, "Import and hold");
        return movements;
    }

    /// <summary>
    /// Import and complete: the shop shipped the order outside Connect, so its stock leaves the warehouse now (reserved, then
    /// shipped, in one shipment that no shipping confirmation follows: the shop already knows). Without the full stock the order
    /// stays valid with what could be reserved, and <paramref name="warning"/> says why and how to fix it.
    /// </summary>
    private static IReadOnlyList<StockMovement> Complete(Order order, Func<int, StockLevel> stockOf, StockChange change, string stateName,
        string warehouseName, out string? warning)
    {
        var movements = order.Allocate(stockOf, change).ToList();
        var short_ = order.Lines.Where(l => l.QuantityReserved < l.Remaining).ToList();
        if (short_.Count > 0)
        {
            warning = $"Order {order.ExternalNumber} is '{stateName}' (Import and complete) but its stock is not all in warehouse '{warehouseName}' " +
                $"({string.Join(", ", short_.Select(l => $"{l.Sku}: {l.QuantityReserved} of {l.Remaining}"))}), so it was imported as valid, not shipped. " +
                "Count the missing stock in Stock, then ship the order from its page; or choose 'Import as history' for this status if its stock should not be counted.";
            return movements;
        }
        warning = null;
        var (_, shipped) = order.Ship(order.Lines.Select(l => new ShipmentRequestLine(l.Id, l.Remaining)).ToList(), null, stockOf,
            change with { Reason = StockMovementReason.Shipment, Note = $"Import and complete: shipped outside Connect (shop state '{stateName}')" });
        movements.AddRange(shipped);
        return movements;
    }

    private static IReadOnlyList<StockMovement> History(Order order, DateTime now)
    {
        order.MarkAsHistory(now);
        return [];
    }

    private static string Describe(Order order) => order.Status switch
    {
        OrderStatus.Valid or OrderStatus.PartiallyShipped => $"valid; preparation {order.PreparationState}",
        OrderStatus.OnHold => $"on hold; preparation {order.PreparationState}",
        OrderStatus.Cancelled => "cancelled",
        OrderStatus.Shipped => "complete: shipped in Connect from its stock, no shipping confirmation sent",
        _ => "history (already shipped)",
    };

    private static string? Cut(string? text, int length) => text is { Length: > 0 } t && t.Length > length ? t[..length] : text;
}
