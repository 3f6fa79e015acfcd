using System.Security.Claims;
using Connect.Domain;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Domain.Sync;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Shipping;

/// <summary>What the operator asks: which lines, how many, with which carrier and tracking number.</summary>
public sealed record ShipOrderRequest(int OrderId, IReadOnlyList<ShipmentRequestLine> Lines, int? ShippingMethodId, string? TrackingNumber);

/// <summary>One order of a batch: everything it still has to ship, with its own tracking number.</summary>
public sealed record BatchShipItem(int OrderId, string? TrackingNumber);

/// <summary>What happened to one order. <see cref="Error"/> says how to fix it when nothing shipped.</summary>
public sealed record ShipResult(int OrderId, string OrderNumber, int? ShipmentId, bool OrderComplete, string? Error)
{
    public bool Shipped => ShipmentId is not null;
}

/// <summary>An order as the ship dialog shows it: lines with what is left and reserved, the warehouse and the carriers.</summary>
public sealed record ShipmentPlan(
    int OrderId, string OrderNumber, int StoreId, OrderStatus Status, string WarehouseName, int? DefaultShippingMethodId,
    IReadOnlyList<ShipmentPlanLine> Lines, IReadOnlyList<ShippingMethodChoice> ShippingMethods)
{
    public bool CanShip => Status is OrderStatus.Valid or OrderStatus.PartiallyShipped && Lines.Any(l => l.Shippable > 0);
}

public sealed record ShipmentPlanLine(int OrderLineId, string Sku, string Name, int Ordered, int Shipped, int Reserved)
{
    public int Remaining => Ordered - Shipped;
    /// <summary>At most what is left and what is reserved: the dialog's default and its limit.</summary>
    public int Shippable => Math.Min(Remaining, Reserved);
}

public sealed record ShippingMethodChoice(int Id, string Name);

/// <summary>A line of the pick list: what to take from which warehouse for which order.</summary>
public sealed record PickListLine(int OrderId, string OrderNumber, string Customer, string Sku, string Name, int Quantity, string Warehouse);

/// <summary>
/// Ships orders from their store's default warehouse: stock movements, order status, and the shop's pending shipping
/// confirmation, all in one transaction per order. Checks the user's role and store scope itself; pages only hide buttons.
/// </summary>
public sealed class ShippingService(IDbContextFactory<ConnectDbContext> contexts, TimeProvider clock)
{
    public async Task<ShipmentPlan?> GetPlanAsync(ClaimsPrincipal user, int orderId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || !user.CanSee(order.StoreId)) return null;
        var warehouse = await db.Stores.Where(s => s.Id == order.StoreId).Select(s => s.DefaultWarehouse!.Name).SingleAsync(ct);
        var methods = await db.ShippingMethods.AsNoTracking()
            .Where(m => m.Active || m.Id == order.ShippingMethodId).OrderBy(m => m.Name)
            .Select(m => new ShippingMethodChoice(m.Id, m.Name)).ToListAsync(ct);
        return new ShipmentPlan(order.Id, order.ExternalNumber, order.StoreId, order.Status, warehouse, order.ShippingMethodId,
            order.Lines.OrderBy(l => l.Id).Select(l => new ShipmentPlanLine(l.Id, l.Sku, l.Name, l.Quantity, l.QuantityShipped, l.QuantityReserved)).ToList(),
            methods);
    }

    /// <summary>Ships all or part of one order.</summary>
    public async Task<ShipResult> ShipAsync(ClaimsPrincipal user, ShipOrderRequest request, CancellationToken ct = default)
    {
        EnsureCanShip(user);
        return await ShipOneAsync(user, request.OrderId, request.TrackingNumber, request.ShippingMethodId, _ => request.Lines, ct);
    }

    /// <summary>Ships what each order still has to ship, each order in its own transaction: one failure stops no other.</summary>
    public async Task<IReadOnlyList<ShipResult>> ShipBatchAsync(ClaimsPrincipal user, IReadOnlyList<BatchShipItem> items, CancellationToken ct = default)
    {
        EnsureCanShip(user);
        var duplicates = items.GroupBy(i => i.OrderId).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var results = new List<ShipResult>();
        foreach (var item in items)
        {
            if (duplicates.Contains(item.OrderId))
            {
                results.Add(new ShipResult(item.OrderId, item.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), null, false,
                    "This order is listed twice in the batch; list it once with its tracking number."));
                continue;
            }
            results.Add(await ShipOneAsync(user, item.OrderId, item.TrackingNumber, null, EverythingLeft, ct));
        }
        return results;
    }

    /// <summary>The lines to pick for the orders the user may see, from each order's store's default warehouse.</summary>
    public async Task<IReadOnlyList<PickListLine>> GetPickListAsync(ClaimsPrincipal user, IReadOnlyCollection<int> orderIds, CancellationToken ct = default)
    {
        if (orderIds.Count == 0) return [];
        var ids = orderIds.Distinct().ToList();
        var allowed = user.AllowedStores()?.ToList();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var orders = await db.Orders.AsNoTracking().Include(o => o.Lines)
            .Where(o => ids.Contains(o.Id) && (allowed == null || allowed.Contains(o.StoreId))).ToListAsync(ct);
        var storeIds = orders.Select(o => o.StoreId).Distinct().ToList();
        var warehouses = await db.Stores.Where(s => storeIds.Contains(s.Id)).Select(s => new { s.Id, s.DefaultWarehouse!.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return orders.SelectMany(o => o.Lines.Where(l => l.Remaining > 0).Select(l =>
                new PickListLine(o.Id, o.ExternalNumber, o.ShippingAddress.Name, l.Sku, l.Name, l.Remaining, warehouses[o.StoreId])))
            .OrderBy(r => r.Warehouse, StringComparer.Ordinal).ThenBy(r => r.OrderId).ThenBy(r => r.Sku, StringComparer.Ordinal).ToList();
    }

    private static IReadOnlyCollection<ShipmentRequestLine> EverythingLeft(Order order)
    {
        var short_ = order.Lines.FirstOrDefault(l => l.Remaining > l.QuantityReserved);
        if (short_ is not null)
            throw new DomainException(
                $"Order {order.ExternalNumber} is not fully in stock ({short_.Sku}: {short_.QuantityReserved} of {short_.Remaining} reserved). Ship it from its own page to send part of it.");
        return order.Lines.Where(l => l.Remaining > 0).Select(l => new ShipmentRequestLine(l.Id, l.Remaining)).ToList();
    }

    private async Task<ShipResult> ShipOneAsync(ClaimsPrincipal user, int orderId, string? trackingNumber, int? shippingMethodId,
        Func<Order, IReadOnlyCollection<ShipmentRequestLine>> linesOf, CancellationToken ct)
    {
        var number = orderId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (TrackingNumberRules.Problem(trackingNumber) is { } problem)
            return new ShipResult(orderId, number, null, false, problem);
        try
        {
            return await UnitOfWork.RunAsync(contexts, async db =>
            {
                var order = await db.Orders.Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == orderId, ct);
                // An order in another store is answered like a missing one, so ids cannot be probed.
                if (order is null || !user.CanSee(order.StoreId))
                    return new ShipResult(orderId, number, null, false, $"Order {orderId} does not exist or is not in your stores.");
                if (shippingMethodId is { } methodId && !await db.ShippingMethods.AnyAsync(m => m.Id == methodId, ct))
                    return new ShipResult(orderId, order.ExternalNumber, null, false, "The chosen shipping method no longer exists; choose another carrier.");
                var warehouseId = await db.Stores.Where(s => s.Id == order.StoreId).Select(s => s.DefaultWarehouseId).SingleAsync(ct);
                var productIds = order.Lines.Where(l => l.ProductId is not null).Select(l => l.ProductId!.Value).Distinct().ToList();
                var levels = await db.StockLevels.Where(s => s.WarehouseId == warehouseId && productIds.Contains(s.ProductId)).ToDictionaryAsync(s => s.ProductId, ct);
                var now = clock.GetUtcNow().UtcDateTime;
                var by = user.Identity?.Name ?? "unknown";
                var (shipment, movements) = order.Ship(linesOf(order), trackingNumber, productId => levels.TryGetValue(productId, out var level) ? level
                    : throw new DomainException($"Product {productId} has no stock in the store's default warehouse; receive it there first."),
                    new StockChange(StockMovementReason.Shipment, by, now), shippingMethodId);
                db.StockMovements.AddRange(movements);
                await db.SaveChangesAsync(ct);
                if (order.IntegrationId is { } integrationId)
                {
                    db.PendingShippingConfirmations.Add(new PendingShippingConfirmation(integrationId, order.Id, shipment.Id, shipment.CompletesOrder, now));
                    await db.SaveChangesAsync(ct);
                }
                return new ShipResult(order.Id, order.ExternalNumber, shipment.Id, shipment.CompletesOrder, null);
            }, ct);
        }
        catch (DomainException ex)
        {
            return new ShipResult(orderId, number, null, false, ex.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new ShipResult(orderId, number, null, false, "Someone changed this order or its stock meanwhile; reopen it and ship again.");
        }
    }

    private static void EnsureCanShip(ClaimsPrincipal user)
    {
        if (!user.CanOperate())
            throw new UnauthorizedAccessException("Only operators and admins can ship orders; ask an admin for the Operator role.");
    }
}
