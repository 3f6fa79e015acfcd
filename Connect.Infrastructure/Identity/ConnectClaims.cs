using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Connect.Infrastructure.Identity;

/// <summary>Claims Connect adds to the sign-in cookie, so pages know a user's stores without a database call.</summary>
public static class ConnectClaims
{
    public const string MustChangePassword = "connect:must_change_password";
    public const string Store = "connect:store";

    /// <summary>The stores the user may see; null means every store.</summary>
    public static IReadOnlySet<int>? AllowedStores(this ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.Admin)) return null;
        var stores = user.FindAll(Store).Select(c => int.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        return stores.Count == 0 ? null : stores;
    }

    public static bool CanSee(this ClaimsPrincipal user, int storeId) => user.AllowedStores() is not { } stores || stores.Contains(storeId);

    public static bool CanOperate(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Operator);
}

internal sealed class ConnectClaimsFactory(UserManager<ConnectUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ConnectUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ConnectUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword) identity.AddClaim(new Claim(ConnectClaims.MustChangePassword, "true"));
        foreach (var store in user.StoreIds) identity.AddClaim(new Claim(ConnectClaims.Store, store.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return identity;
    }
}
