using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Connect.Infrastructure.Identity;

/// <summary>
/// Makes sure the roles exist and, on a fresh installation, that someone can sign in: the admin from
/// Connect:Admin:Email/Password, or a generated "admin" whose password is printed once and must be changed.
/// </summary>
public sealed class AdminBootstrapper(
    UserManager<ConnectUser> users, RoleManager<IdentityRole> roles, IConfiguration configuration, TimeProvider clock, ILogger<AdminBootstrapper> logger)
{
    public const string GeneratedUserName = "admin";

    /// <summary>Returns the generated password when one was created (so the host can print it), else null.</summary>
    public async Task<string?> EnsureAdminAsync(TextWriter console)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");

        if (users.Users.Any()) return null;

        var email = configuration["Connect:Admin:Email"];
        var password = configuration["Connect:Admin:Password"];
        var configured = !string.IsNullOrWhiteSpace(email) && !string.IsNullOrWhiteSpace(password);
        var user = new ConnectUser
        {
            UserName = configured ? email!.Trim() : GeneratedUserName,
            Email = configured ? email!.Trim() : null,
            MustChangePassword = !configured,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        password = configured ? password! : GeneratePassword();
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            throw new InvalidOperationException(
                $"Cannot create the first admin '{user.UserName}': {string.Join(" ", created.Errors.Select(e => e.Description))} Fix Connect:Admin:Password in appsettings.json.");
        Check(await users.AddToRoleAsync(user, Roles.Admin), "make the first user an admin");

        if (configured)
        {
            logger.LogInformation("Created the first admin {User} from configuration.", user.UserName);
            return null;
        }
        // Printed on the console only, never logged: log files outlive the first sign-in.
        await console.WriteLineAsync($"""

            ==========================================================
             Connect created the first admin account.
               user name: {GeneratedUserName}
               password:  {password}
             Sign in and choose a new password. This is shown once.
            ==========================================================

            """);
        logger.LogWarning("Created the first admin account '{User}'; its one-time password was printed on the console.", GeneratedUserName);
        return password;
    }

    /// <summary>A random password that satisfies the password rules (upper, lower, digit, 16+ characters).</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var chars = Enumerable.Range(0, 16).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToList();
        chars.AddRange("Aa7");
        return new string(chars.OrderBy(_ => RandomNumberGenerator.GetInt32(1000)).ToArray());
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded) throw new InvalidOperationException($"Cannot {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
