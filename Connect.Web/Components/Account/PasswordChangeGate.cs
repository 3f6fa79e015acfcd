using Connect.Infrastructure.Identity;

namespace Connect.Web.Components.Account;

/// <summary>Keeps a user with a one-time password on the change-password page until they choose their own.</summary>
public sealed class PasswordChangeGate(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(ConnectClaims.MustChangePassword, "true")
            && !path.StartsWithSegments("/account")
            && !path.StartsWithSegments("/_framework")
            && !path.StartsWithSegments("/_content")
            && !Path.HasExtension(path.Value))
        {
            context.Response.Redirect("/account/change-password");
            return Task.CompletedTask;
        }
        return next(context);
    }
}
