using System.Security.Claims;
using Connect.Domain;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Inventory;

public enum AdjustmentMode { SetCounted, Add, Remove }

/// <summary>A stock adjustment: set a counted quantity, or add or remove some, always with a reason.</summary>
public sealed record StockAdjustment(int ProductId, int WarehouseId, AdjustmentMode Mode, int Quantity, string? Reason);

public sealed record StockTransfer(int ProductId, int FromWarehouseId, int ToWarehouseId, int Quantity, string? Reason);

public sealed record StockReceipt(int ProductId, int WarehouseId, int Quantity, string? Reason);

/// <summary>What a stock change did: its movements, and the waiting orders the arrived stock was given to.</summary>
public sealed record StockChangeResult(IReadOnlyList<StockMovement> Movements, IReadOnlyList<string> AllocatedOrders);

/// <summary>
/// Changes stock by hand (adjust, transfer, receive). Stock is shared by every store, so any operator or admin may
/// change it. Each change is one transaction: the stock movement (who, when, why), the allocation of waiting orders
/// when stock arrives (oldest first), and the stock export requests the save adds (see <see cref="StockExportQueue"/>).
/// </summary>
public sealed class InventoryService(IDbContextFactory<ConnectDbContext> contexts, TimeProvider time)
{
    public Task<StockChangeResult> AdjustAsync(ClaimsPrincipal user, StockAdjustment adjustment, CancellationToken ct = default)
    {
        var by = Authorize(user);
        if (adjustment.Quantity < 0) throw new DomainException("Enter a quantity of 0 or more; choose Remove to take stock away.");
        var reason = adjustment.Mode == AdjustmentMode.SetCounted ? Clean(adjustment.Reason) ?? "Stock count"
            : Clean(adjustment.Reason) ?? throw new DomainException("Say why the stock changes (e.g. 'damaged', 'found in stock'); it is kept in the movement history.");
        return ChangeAsync(async db =>
        {
            var level = await LevelAsync(db, adjustment.ProductId, adjustment.WarehouseId, ct);
            var now = Now;
            var movement = adjustment.Mode switch
            {
                AdjustmentMode.SetCounted => level.Count(adjustment.Quantity, new StockChange(StockMovementReason.Count, by, now, reason)),
                AdjustmentMode.Add => level.Adjust(adjustment.Quantity, new StockChange(StockMovementReason.Correction, by, now, reason)),
                _ => level.Adjust(-adjustment.Quantity, new StockChange(StockMovementReason.Correction, by, now, reason)),
            };
            return ([movement], movement.OnHandChange > 0 ? [adjustment.WarehouseId] : []);
        }, by, ct);
    }

    public Task<StockChangeResult> TransferAsync(ClaimsPrincipal user, StockTransfer transfer, CancellationToken ct = default)
    {
        var by = Authorize(user);
        if (transfer.Quantity <= 0) throw new DomainException("Enter how many units to transfer (1 or more).");
        if (transfer.FromWarehouseId == transfer.ToWarehouseId) throw new DomainException("Choose two different warehouses to transfer between.");
        return ChangeAsync(async db =>
        {
            var from = await LevelAsync(db, transfer.ProductId, transfer.FromWarehouseId, ct);
            var to = await LevelAsync(db, transfer.ProductId, transfer.ToWarehouseId, ct);
            var names = await db.Warehouses.Where(w => w.Id == transfer.FromWarehouseId || w.Id == transfer.ToWarehouseId).ToDictionaryAsync(w => w.Id, w => w.Code, ct);
            var now = Now;
            var note = Clean(transfer.Reason);
            var outgoing = from.Adjust(-transfer.Quantity, new StockChange(StockMovementReason.Transfer, by, now, Join($"To {names[transfer.ToWarehouseId]}", note)));
            var incoming = to.Adjust(transfer.Quantity, new StockChange(StockMovementReason.Transfer, by, now, Join($"From {names[transfer.FromWarehouseId]}", note)));
            return ([outgoing, incoming], [transfer.ToWarehouseId]);
        }, by, ct);
    }

    public Task<StockChangeResult> ReceiveAsync(ClaimsPrincipal user, StockReceipt receipt, CancellationToken ct = default)
    {
        var by = Authorize(user);
        if (receipt.Quantity <= 0) throw new DomainException("Enter how many units arrived (1 or more).");
        return ChangeAsync(async db =>
        {
            var level = await LevelAsync(db, receipt.ProductId, receipt.WarehouseId, ct);
            var movement = level.Adjust(receipt.Quantity, new StockChange(StockMovementReason.Receipt, by, Now, Clean(receipt.Reason) ?? "Goods received"));
            return ([movement], [receipt.WarehouseId]);
        }, by, ct);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task<StockChangeResult> ChangeAsync(
        Func<ConnectDbContext, Task<(List<StockMovement> Movements, List<int> ArrivedIn)>> change, string by, CancellationToken ct)
    {
        try
        {
            return await UnitOfWork.RunAsync(contexts, async db =>
            {
                var (movements, arrivedIn) = await change(db);
                var allocated = new List<string>();
                foreach (var warehouseId in arrivedIn)
                    allocated.AddRange(await AllocateWaitingOrdersAsync(db, warehouseId, movements[0].ProductId, by, movements));
                db.StockMovements.AddRange(movements);
                await db.SaveChangesAsync(ct);
                return new StockChangeResult(movements, allocated);
            }, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("Someone changed this stock at the same moment. Reload the page and make the change again.");
        }
    }

    /// <summary>
    /// Gives arrived stock to the orders waiting for it: open Backorder/Partial orders of the stores that ship from the
    /// warehouse and need this product, oldest first. Each reserves what it can (all its lines, as stock allows).
    /// </summary>
    private async Task<List<string>> AllocateWaitingOrdersAsync(ConnectDbContext db, int warehouseId, int productId, string by, List<StockMovement> movements)
    {
        var stores = db.Stores.Where(s => s.DefaultWarehouseId == warehouseId).Select(s => s.Id);
        var orders = await db.Orders.Include(o => o.Lines)
            .Where(o => stores.Contains(o.StoreId) && (o.Status == OrderStatus.Valid || o.Status == OrderStatus.PartiallyShipped)
                        && (o.PreparationState == PreparationState.Backorder || o.PreparationState == PreparationState.Partial)
                        && o.Lines.Any(l => l.ProductId == productId && l.Quantity - l.QuantityShipped - l.QuantityReserved > 0))
            .OrderBy(o => o.PlacedAt).ThenBy(o => o.Id)
            .ToListAsync();
        if (orders.Count == 0) return [];
        var productIds = orders.SelectMany(o => o.Lines).Where(l => l.ProductId != null).Select(l => l.ProductId!.Value).Distinct().ToList();
        var tracked = db.StockLevels.Local.Where(s => s.WarehouseId == warehouseId).ToDictionary(s => s.ProductId);
        foreach (var level in await db.StockLevels.Where(s => s.WarehouseId == warehouseId && productIds.Contains(s.ProductId)).ToListAsync())
            tracked.TryAdd(level.ProductId, level);
        StockLevel StockOf(int id)
        {
            if (tracked.TryGetValue(id, out var level)) return level;
            level = new StockLevel(id, warehouseId);
            db.StockLevels.Add(level);
            return tracked[id] = level;
        }

        var allocated = new List<string>();
        foreach (var order in orders)
        {
            if (StockOf(productId).Available <= 0) break;
            var reserved = order.Allocate(StockOf, new StockChange(StockMovementReason.Reservation, by, Now, "Stock arrived"));
            if (reserved.Count == 0) continue;
            movements.AddRange(reserved);
            allocated.Add(order.ExternalNumber);
        }
        return allocated;
    }

    private static async Task<StockLevel> LevelAsync(ConnectDbContext db, int productId, int warehouseId, CancellationToken ct)
    {
        if (!await db.Products.AnyAsync(p => p.Id == productId, ct)) throw new DomainException($"Product #{productId} does not exist; it may have been deleted.");
        if (await db.Warehouses.Where(w => w.Id == warehouseId).Select(w => (bool?)w.Active).SingleOrDefaultAsync(ct) is not true)
            throw new DomainException($"Warehouse #{warehouseId} does not exist or is deactivated; choose an active warehouse.");
        var level = db.StockLevels.Local.SingleOrDefault(s => s.ProductId == productId && s.WarehouseId == warehouseId)
            ?? await db.StockLevels.SingleOrDefaultAsync(s => s.ProductId == productId && s.WarehouseId == warehouseId, ct);
        if (level is null)
        {
            level = new StockLevel(productId, warehouseId);
            db.StockLevels.Add(level);
        }
        return level;
    }

    private static string Authorize(ClaimsPrincipal user)
    {
        if (!user.CanOperate())
            throw new UnauthorizedAccessException("Only operators and admins can change stock. Ask an admin to give you the Operator role.");
        return user.Identity?.Name is { Length: > 0 } name ? name : "unknown user";
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Join(string first, string? second) => second is null ? first : $"{first}: {second}";
}
