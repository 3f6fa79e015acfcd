using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Connect.Infrastructure.Identity;

/// <summary>Claims Connect adds to the sign-in cookie, so pages know a user's stores without a database call.</summary>
public static class ConnectClaims
{
    public const string MustChangePassword = "connect:must_change_password";
    public const string Store = "connect:store";

    /// <summary>Present when the user was explicitly given every store (admins see every store anyway).</summary>
    public const string AllStores = "connect:all_stores";

    /// <summary>
    /// The stores the user may see; null means every store (admins, and users given "All stores"). A user with neither
    /// stores nor "All stores" gets an empty set: they see nothing, so unticking a last store never widens access.
    /// </summary>
    public static IReadOnlySet<int>? AllowedStores(this ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.Admin) || user.HasClaim(c => c.Type == AllStores)) return null;
        return user.FindAll(Store).Select(c => int.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
    }

    public static bool CanSee(this ClaimsPrincipal user, int storeId) => user.AllowedStores() is not { } stores || stores.Contains(storeId);

    public static bool CanOperate(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Operator);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);
}

/// <summary>
/// The checks the services that act (run, stop, schedule, save) make on the signed-in user. Each returns null when
/// allowed, otherwise the reason to show. Pages only hide buttons; these are what actually refuse.
/// </summary>
public static class ConnectAccess
{
    /// <summary>Run, stop and schedule feeds: Operator or Admin, of the integration's store.</summary>
    public static string? RefuseOperating(ClaimsPrincipal user, int storeId)
    {
        if (user.Identity?.IsAuthenticated != true) return "Sign in again to do this.";
        if (!user.CanOperate()) return "Only operators and admins can run, stop or schedule feeds; ask an admin for the Operator role.";
        return user.CanSee(storeId) ? null : "This integration belongs to a store you are not given; ask an admin to add the store to your account.";
    }

    /// <summary>Configuration, go live and new integrations: Admin only.</summary>
    public static string? RefuseAdministering(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return "Sign in again to do this.";
        return user.IsAdmin() ? null : "Only admins can change an integration's configuration; ask an admin.";
    }
}

/// <summary>Thrown by a service when the signed-in user may not do what was asked; the message says why.</summary>
public sealed class AccessDeniedException(string message) : InvalidOperationException(message);

internal sealed class ConnectClaimsFactory(UserManager<ConnectUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ConnectUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ConnectUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword) identity.AddClaim(new Claim(ConnectClaims.MustChangePassword, "true"));
        if (user.AllStores) identity.AddClaim(new Claim(ConnectClaims.AllStores, "true"));
        foreach (var store in user.StoreIds) identity.AddClaim(new Claim(ConnectClaims.Store, store.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return identity;
    }
}
