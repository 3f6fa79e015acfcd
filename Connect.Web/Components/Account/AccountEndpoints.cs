using Connect.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace Connect.Web.Components.Account;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a POST with an anti-forgery token, so no link or image can sign a user out.</summary>
    public static IEndpointConventionBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/account/logout", async (SignInManager<ConnectUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/account/login");
        });
}
