using Connect.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Infrastructure.Identity;

public static class IdentityModule
{
    /// <summary>ASP.NET Core Identity on Connect's database, with lockout after repeated failures.</summary>
    public static IServiceCollection AddConnectIdentity(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddIdentityCore<ConnectUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ConnectDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<ConnectClaimsFactory>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Cookie.Name = "Connect.Auth";
        });
        // Sign-in cookies are checked against the user every minute (not the default 30): a locked, deleted, demoted or
        // re-scoped user's next request after that is signed out.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddSingleton<UserSessionValidator>();
        services.AddTransient<AdminBootstrapper>();
        services.AddSingleton<UserAdministration>(); // opens its own scope per call
        return services;
    }
}
