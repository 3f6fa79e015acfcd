using System.Globalization;
using System.Security.Claims;
using Connect.Infrastructure.Identity;

namespace Connect.Testing;

/// <summary>Signed-in users as the sign-in cookie describes them (role and store claims), for calling services that check them.</summary>
public static class TestUsers
{
    public static ClaimsPrincipal Admin(string name = "ada") => User(name, Roles.Admin, allStores: false, []);

    /// <summary>An operator given "All stores".</summary>
    public static ClaimsPrincipal Operator(string name = "ada") => User(name, Roles.Operator, allStores: true, []);

    /// <summary>An operator limited to the given stores (none: they may see nothing).</summary>
    public static ClaimsPrincipal OperatorOf(string name, params int[] storeIds) => User(name, Roles.Operator, allStores: false, storeIds);

    public static ClaimsPrincipal Viewer(string name = "vic") => User(name, Roles.Viewer, allStores: true, []);

    public static ClaimsPrincipal User(string name, string role, bool allStores, IEnumerable<int> storeIds)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.NameIdentifier, name), new(ClaimTypes.Role, role) };
        if (allStores) claims.Add(new Claim(ConnectClaims.AllStores, "true"));
        claims.AddRange(storeIds.Select(id => new Claim(ConnectClaims.Store, id.ToString(CultureInfo.InvariantCulture))));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
    }
}
