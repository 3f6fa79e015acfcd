using System.Security.Claims;
using Connect.Domain;
using Connect.Domain.Orders;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Orders;

/// <summary>
/// What a person does to an imported order (hold it, release it). Checks here, not in the page: the user must be an
/// operator and see the order's store; an order of a store the user may not see is "not found", saying nothing about it.
/// </summary>
public sealed class OrderActions(IDbContextFactory<ConnectDbContext> contexts, TimeProvider clock)
{
    /// <summary>Stops preparation, keeping what the order has reserved.</summary>
    public Task HoldAsync(ClaimsPrincipal user, int orderId, CancellationToken ct = default) =>
        ChangeAsync(user, orderId, (order, actor) => order.Hold(actor), ct);

    /// <summary>Lets a held order be prepared again.</summary>
    public Task ReleaseAsync(ClaimsPrincipal user, int orderId, CancellationToken ct = default) =>
        ChangeAsync(user, orderId, (order, actor) => order.Release(actor), ct);

    private Task ChangeAsync(ClaimsPrincipal user, int orderId, Action<Order, OrderActor> change, CancellationToken ct)
    {
        if (!user.CanOperate()) throw new UnauthorizedAccessException("Only an operator or an administrator can hold or release orders.");
        return UnitOfWork.RunAsync(contexts, async db =>
        {
            var order = await db.Orders.Include(o => o.Lines).Include(o => o.Shipments).SingleOrDefaultAsync(o => o.Id == orderId, ct);
            if (order is null || !user.CanSee(order.StoreId)) throw new DomainException($"Order {orderId} does not exist or belongs to a store you cannot see.");
            change(order, new OrderActor(user.Identity?.Name ?? "unknown", clock.GetUtcNow().UtcDateTime));
            return await db.SaveChangesAsync(ct);
        }, ct);
    }
}
