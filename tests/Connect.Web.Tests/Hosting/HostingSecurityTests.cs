using Connect.Testing;
using System.Net;
using Connect.Infrastructure.Identity;
using Connect.Testing.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Hosting;

/// <summary>Transport and browser defaults of the running portal: HTTPS outside Development, framing, sign-out and sign-in.</summary>
public sealed class HostingSecurityTests
{
    [Fact]
    public async Task Outside_Development_http_is_redirected_to_https_with_HSTS_and_cookies_that_need_https()
    {
        await using var root = new ConnectWebFactory();
        await using var production = root.WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("https_port", "443"));

        var plain = production.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://connect.example") });
        var redirect = await plain.GetAsync("/account/login", TestContext.Current.CancellationToken);
        var secure = production.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://connect.example") });
        var page = await secure.GetAsync("/account/login", TestContext.Current.CancellationToken);

        redirect.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        redirect.Headers.Location!.ToString().ShouldStartWith("https://connect.example/account/login");
        page.Headers.GetValues("Strict-Transport-Security").Single().ShouldContain("max-age=");
        page.Headers.GetValues("Set-Cookie").ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task No_other_site_may_frame_the_portal()
    {
        await using var factory = new ConnectWebFactory();

        var page = await factory.CreateClient().GetAsync("/account/login", TestContext.Current.CancellationToken);

        page.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
    }

    [Fact]
    public async Task Sign_out_without_the_anti_forgery_token_is_refused_and_the_session_stays()
    {
        await using var factory = new ConnectWebFactory();
        var client = await factory.SignedInClientAsync();

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);

        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/orders", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_second_user_with_the_same_e_mail_is_refused_and_an_old_duplicate_does_not_break_sign_in()
    {
        await using var factory = new ConnectWebFactory();
        var users = factory.Services.GetRequiredService<UserAdministration>();
        (await users.CreateAsync(new NewUser("first", "shared@shop.test", Roles.Viewer, [], "First123456x"), TestUsers.Admin())).ShouldBeNull();

        var refused = await users.CreateAsync(new NewUser("second", "SHARED@shop.test", Roles.Viewer, [], "Second123456x"), TestUsers.Admin());

        refused.ShouldNotBeNull().ShouldContain("already belongs to user 'first'");
        // A duplicate left by an older version, added behind the service's back.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<ConnectUser>>();
            var legacy = new ConnectUser { UserName = "legacy", Email = "shared@shop.test", CreatedAt = DateTime.UtcNow };
            (await manager.CreateAsync(legacy, "Legacy123456x")).Succeeded.ShouldBeTrue();
        }
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var byEmail = await ConnectWebFactory.SignInAsync(client, "shared@shop.test", "Legacy123456x");
        var byName = await ConnectWebFactory.SignInAsync(client, "legacy", "Legacy123456x");

        byEmail.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await byEmail.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("Wrong user name or password");
        byName.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public void A_new_user_never_prints_its_password()
    {
        var user = new NewUser("ada", "ada@shop.test", Roles.Operator, [1], "Secret123456x");

        user.ToString().ShouldNotContain("Secret123456x");
        user.ToString().ShouldContain("ada@shop.test");
    }
}
