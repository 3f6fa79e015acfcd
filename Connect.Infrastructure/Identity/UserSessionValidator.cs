using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connect.Infrastructure.Identity;

/// <summary>
/// Whether a signed-in principal still describes its user: the user exists, is not locked out, and has the same
/// security stamp. <see cref="UserAdministration"/> changes the stamp when it locks, deletes, demotes or re-scopes a
/// user, so a session (a Blazor circuit, a hub connection) holding older claims is no longer current.
/// </summary>
public sealed class UserSessionValidator(IServiceScopeFactory scopes, IOptions<IdentityOptions> identity, TimeProvider clock)
{
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (principal.Identity?.IsAuthenticated != true) return false;
        var userId = principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType);
        if (string.IsNullOrEmpty(userId)) return false;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConnectUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.LockoutEnd > clock.GetUtcNow()) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
