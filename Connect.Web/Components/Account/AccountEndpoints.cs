using Connect.Infrastructure.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Connect.Web.Components.Account;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a POST with an anti-forgery token, so no link or image can sign a user out.</summary>
    public static IEndpointConventionBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/account/logout", async Task<IResult> (HttpContext context, IAntiforgery antiforgery, SignInManager<ConnectUser> signIn) =>
        {
            // The endpoint reads no form, so the anti-forgery middleware alone would let a cross-site POST through.
            if (!await antiforgery.IsRequestValidAsync(context))
                return TypedResults.BadRequest("Sign out from Connect's own Sign out button.");
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/account/login");
        });
}
