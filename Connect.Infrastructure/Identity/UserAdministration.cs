using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Connect.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Infrastructure.Identity;

/// <summary>What the Users page does: add, change, lock and delete users, keeping at least one admin who can sign in.</summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConnectUser>>();
        var now = clock.GetUtcNow();
        var result = new List<UserSummary>();
        foreach (var user in await users.Users.OrderBy(u => u.UserName).ToListAsync())
        {
            var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Viewer;
            result.Add(new UserSummary(user.Id, user.UserName!, user.Email, role, user.StoreIds.ToList(), user.LockoutEnd > now, user.MustChangePassword)
                { AllStores = role == Roles.Admin || user.AllStores });
        }
        return result;
    }

    /// <summary>Creates a user with a temporary password to be changed at first sign-in, for an admin. Returns an error, or null.</summary>
    public async Task<string?> CreateAsync(NewUser input, ClaimsPrincipal actor)
    {
        if (Refuse(actor) is { } refusal) return refusal;
        if (string.IsNullOrWhiteSpace(input.UserName)) return "Enter a user name.";
        if (!Roles.All.Contains(input.Role)) return "Choose a role: Admin, Operator or Viewer.";
        return await InOneTransactionAsync(async users =>
        {
            var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
            // People sign in with their user name or their e-mail: two users sharing an e-mail would make the second one ambiguous.
            if (email is not null && await users.FindByEmailAsync(email) is { } holder)
                return $"The e-mail {email} already belongs to user '{holder.UserName}'; enter another e-mail or leave it empty.";
            if (await users.FindByEmailAsync(input.UserName.Trim()) is not null || (email is not null && await users.FindByNameAsync(email) is not null))
                return "This user name or e-mail is already used by another user to sign in; choose another.";
            var user = new ConnectUser
            {
                UserName = input.UserName.Trim(),
                Email = email,
                StoreIds = input.Role == Roles.Admin ? [] : input.StoreIds.Distinct().ToList(),
                AllStores = input.Role != Roles.Admin && input.AllStores,
                MustChangePassword = true,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(user, input.TemporaryPassword);
            if (!created.Succeeded) return Describe(created);
            var added = await users.AddToRoleAsync(user, input.Role);
            return added.Succeeded ? null : Describe(added);
        });
    }

    /// <summary>
    /// Changes a user's role and stores. <paramref name="allStores"/> is the explicit "All stores" choice; without it a
    /// user with no store ticked sees nothing. The security stamp changes, so their open sessions follow within a minute.
    /// </summary>
    public async Task<string?> ChangeAsync(string userId, string role, IReadOnlyCollection<int> storeIds, bool allStores, ClaimsPrincipal actor)
    {
        if (Refuse(actor) is { } refusal) return refusal;
        var currentUserId = IdOf(actor);
        if (!Roles.All.Contains(role)) return "Choose a role: Admin, Operator or Viewer.";
        return await InOneTransactionAsync(async users =>
        {
            var user = await users.FindByIdAsync(userId);
            if (user is null) return "This user no longer exists.";
            var roles = await users.GetRolesAsync(user);
            if (roles.Contains(Roles.Admin) && role != Roles.Admin && await IsLastAdminAsync(users, user))
                return "This is the last admin: make another user an admin first.";
            if (userId == currentUserId && role != Roles.Admin && roles.Contains(Roles.Admin))
                return "You cannot remove your own admin role; ask another admin.";
            await users.RemoveFromRolesAsync(user, roles);
            await users.AddToRoleAsync(user, role);
            user.StoreIds = role == Roles.Admin ? [] : storeIds.Distinct().ToList();
            user.AllStores = role != Roles.Admin && allStores;
            var updated = await users.UpdateAsync(user);
            if (!updated.Succeeded) return Describe(updated);
            await users.UpdateSecurityStampAsync(user);
            return null;
        });
    }

    /// <summary>Locks a user out indefinitely (or unlocks); their sessions end at the next security check.</summary>
    public async Task<string?> SetLockedAsync(string userId, bool locked, ClaimsPrincipal actor)
    {
        if (Refuse(actor) is { } refusal) return refusal;
        var currentUserId = IdOf(actor);
        if (locked && userId == currentUserId) return "You cannot lock your own account.";
        return await InOneTransactionAsync(async users =>
        {
            var user = await users.FindByIdAsync(userId);
            if (user is null) return "This user no longer exists.";
            if (locked && (await users.GetRolesAsync(user)).Contains(Roles.Admin) && await IsLastAdminAsync(users, user))
                return "This is the last admin who can sign in: it cannot be locked.";
            await users.SetLockoutEnabledAsync(user, true);
            var result = await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
            if (!locked) await users.ResetAccessFailedCountAsync(user);
            await users.UpdateSecurityStampAsync(user);
            return result.Succeeded ? null : Describe(result);
        });
    }

    public async Task<string?> DeleteAsync(string userId, ClaimsPrincipal actor)
    {
        if (Refuse(actor) is { } refusal) return refusal;
        var currentUserId = IdOf(actor);
        if (userId == currentUserId) return "You cannot delete your own account.";
        return await InOneTransactionAsync(async users =>
        {
            var user = await users.FindByIdAsync(userId);
            if (user is null) return null;
            if ((await users.GetRolesAsync(user)).Contains(Roles.Admin) && await IsLastAdminAsync(users, user))
                return "This is the last admin: it cannot be deleted.";
            // Open sessions end at their next check: the stamp first (in case the delete fails half-way), then the user.
            await users.UpdateSecurityStampAsync(user);
            var result = await users.DeleteAsync(user);
            return result.Succeeded ? null : Describe(result);
        });
    }

    /// <summary>
    /// Runs the user manager's several writes (user, role, stamp) as one transaction inside the execution strategy, so a
    /// failure half-way never leaves a user without a role, and SQL Server's retrying strategy accepts the transaction.
    /// A refusal (an error returned) rolls back whatever was written before it.
    /// </summary>
    private async Task<string?> InOneTransactionAsync(Func<UserManager<ConnectUser>, Task<string?>> work)
    {
        await using var probe = scopes.CreateAsyncScope();
        var strategy = probe.ServiceProvider.GetRequiredService<ConnectDbContext>().Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ConnectDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var error = await work(scope.ServiceProvider.GetRequiredService<UserManager<ConnectUser>>());
            if (error is null) await transaction.CommitAsync();
            return error;
        });
    }

    // The Users page is for admins; the service checks the signed-in user again, whatever calls it.
    private static string? Refuse(ClaimsPrincipal actor) =>
        actor.Identity?.IsAuthenticated == true && actor.IsAdmin() ? null : "Only admins can add, change, lock or delete users; ask an admin.";

    private static string IdOf(ClaimsPrincipal actor) => actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<bool> IsLastAdminAsync(UserManager<ConnectUser> users, ConnectUser user)
    {
        var now = clock.GetUtcNow();
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return !admins.Any(a => a.Id != user.Id && !(a.LockoutEnd > now));
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}

public sealed record UserSummary(string Id, string UserName, string? Email, string Role, IReadOnlyList<int> StoreIds, bool Locked, bool MustChangePassword)
{
    /// <summary>Every store: admins, and users given the explicit "All stores" choice.</summary>
    public bool AllStores { get; init; }
}

/// <summary>A user to add; <paramref name="AllStores"/> is the explicit "All stores" choice (otherwise only <paramref name="StoreIds"/>).</summary>
public sealed record NewUser(string UserName, string? Email, string Role, IReadOnlyList<int> StoreIds, string TemporaryPassword, bool AllStores = false)
{
    /// <summary>Never prints the password (records print every property by default, and this one may reach a log).</summary>
    public override string ToString() =>
        $"NewUser {{ UserName = {UserName}, Email = {Email}, Role = {Role}, StoreIds = [{string.Join(", ", StoreIds)}], AllStores = {AllStores}, TemporaryPassword = *** }}";
}
