using Microsoft.AspNetCore.Identity;

namespace Connect.Infrastructure.Identity;

/// <summary>A person who signs in to the portal.</summary>
public sealed class ConnectUser : IdentityUser
{
    /// <summary>Set for the generated first admin: the first sign-in must choose a new password.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Stores a non-admin may see and act on. Empty means none, unless <see cref="AllStores"/> is set.</summary>
    public List<int> StoreIds { get; set; } = [];

    /// <summary>The explicit "All stores" choice: every store, present and future, without ticking each one.</summary>
    public bool AllStores { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>The three roles of the portal.</summary>
public static class Roles
{
    /// <summary>Users, integrations and configuration.</summary>
    public const string Admin = "Admin";
    /// <summary>Runs feeds, manages stock and shipping.</summary>
    public const string Operator = "Operator";
    /// <summary>Reads everything, changes nothing.</summary>
    public const string Viewer = "Viewer";

    public const string AdminOrOperator = Admin + "," + Operator;

    public static readonly IReadOnlyList<string> All = [Admin, Operator, Viewer];
}
