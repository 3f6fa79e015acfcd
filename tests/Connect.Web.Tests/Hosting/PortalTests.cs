using System.Net;

using Connect.Testing.Web;

namespace Connect.Web.Tests.Hosting;

/// <summary>The running portal: sign-in, roles and every navigation entry, through real HTTP requests.</summary>
public sealed class PortalTests(ConnectWebFactory factory) : IClassFixture<ConnectWebFactory>
{
    [Fact]
    public async Task Every_page_requires_sign_in()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var path in new[] { "/", "/integrations", "/orders", "/users" })
        {
            var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            response.Headers.Location!.ToString().ShouldContain("/account/login");
        }
    }

    [Fact]
    public async Task Static_assets_and_the_login_page_need_no_sign_in()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        (await client.GetAsync("/account/login")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/_framework/blazor.web.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/", "Dashboard")]
    [InlineData("/integrations", "Integrations")]
    [InlineData("/orders", "Orders")]
    [InlineData("/catalog", "Catalog")]
    [InlineData("/inventory", "Inventory")]
    [InlineData("/stores", "Stores and warehouses")]
    [InlineData("/methods", "Shipping and payment methods")]
    [InlineData("/users", "Users")]
    public async Task A_signed_in_admin_opens_every_page(string path, string title)
    {
        var client = await factory.SignedInClientAsync();
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain($"{title}</");
        html.ShouldNotContain("blazor-error-boundary");
    }

    [Fact]
    public async Task A_wrong_password_gets_a_clear_message()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await ConnectWebFactory.SignInAsync(client, ConnectWebFactory.AdminEmail, "not the password");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Wrong user name or password");
    }

    [Fact]
    public async Task The_login_form_refuses_a_post_without_anti_forgery_token()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Form.UserName"] = ConnectWebFactory.AdminEmail, ["Form.Password"] = ConnectWebFactory.AdminPassword,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sign_in_redirects_home_and_sign_out_ends_the_session()
    {
        var client = await factory.SignedInClientAsync();
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The Sign out form lives in the account menu, rendered only once opened; any static form of the session carries the token.
        var page = await client.GetStringAsync("/account/change-password");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var logout = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
