using Connect.Testing;
using Connect.Infrastructure.Identity;
using Connect.Testing.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Hosting;

public sealed class UserAdministrationTests(ConnectWebFactory factory) : IClassFixture<ConnectWebFactory>
{
    private UserAdministration Users => factory.Services.GetRequiredService<UserAdministration>();

    private async Task<UserSummary> AdminAsync() => (await Users.ListAsync()).Single(u => u.UserName == ConnectWebFactory.AdminEmail);

    [Fact]
    public async Task The_last_admin_cannot_be_deleted_locked_or_demoted()
    {
        var admin = await AdminAsync();
        (await Users.DeleteAsync(admin.Id, TestUsers.Admin("someone-else"))).ShouldNotBeNull().ShouldContain("last admin");
        (await Users.SetLockedAsync(admin.Id, true, TestUsers.Admin("someone-else"))).ShouldNotBeNull().ShouldContain("last admin");
        (await Users.ChangeAsync(admin.Id, Roles.Viewer, [], false, TestUsers.Admin("someone-else"))).ShouldNotBeNull().ShouldContain("last admin");
    }

    [Fact]
    public async Task Only_an_admin_may_add_change_lock_or_delete_users()
    {
        var admin = await AdminAsync();
        var operatorOfEveryStore = TestUsers.Operator("olga");

        var results = new[]
        {
            await Users.CreateAsync(new NewUser("sneaky", null, Roles.Admin, [], "Sneaky123456x"), operatorOfEveryStore),
            await Users.ChangeAsync(admin.Id, Roles.Viewer, [], false, operatorOfEveryStore),
            await Users.SetLockedAsync(admin.Id, true, operatorOfEveryStore),
            await Users.DeleteAsync(admin.Id, operatorOfEveryStore),
        };

        results.ShouldAllBe(r => r != null && r.Contains("Only admins"));
        (await Users.ListAsync()).ShouldNotContain(u => u.UserName == "sneaky");
        (await AdminAsync()).Role.ShouldBe(Roles.Admin);
    }

    [Fact]
    public async Task Users_cannot_lock_or_delete_themselves()
    {
        var admin = await AdminAsync();
        (await Users.DeleteAsync(admin.Id, TestUsers.Admin(admin.Id))).ShouldNotBeNull().ShouldContain("your own account");
        (await Users.SetLockedAsync(admin.Id, true, TestUsers.Admin(admin.Id))).ShouldNotBeNull().ShouldContain("your own account");
    }

    [Fact]
    public async Task A_new_user_gets_a_role_stores_and_must_change_the_temporary_password()
    {
        (await Users.CreateAsync(new NewUser("store-op", "op@shop.test", Roles.Operator, [1], "Temporary1234"), TestUsers.Admin())).ShouldBeNull();
        var created = (await Users.ListAsync()).Single(u => u.UserName == "store-op");
        (created.Role, created.MustChangePassword, created.Locked).ShouldBe((Roles.Operator, true, false));
        created.StoreIds.ShouldBe([1]);

        (await Users.SetLockedAsync(created.Id, true, TestUsers.Admin("admin"))).ShouldBeNull();
        (await Users.ListAsync()).Single(u => u.UserName == "store-op").Locked.ShouldBeTrue();
        (await Users.DeleteAsync(created.Id, TestUsers.Admin("admin"))).ShouldBeNull();
        (await Users.ListAsync()).ShouldNotContain(u => u.UserName == "store-op");
    }

    [Fact]
    public async Task Unticking_an_operators_last_store_leaves_them_no_store_and_All_stores_is_an_explicit_choice()
    {
        (await Users.CreateAsync(new NewUser("last-store-op", null, Roles.Operator, [1], "Temporary1234"), TestUsers.Admin())).ShouldBeNull();
        var user = (await Users.ListAsync()).Single(u => u.UserName == "last-store-op");

        (await Users.ChangeAsync(user.Id, Roles.Operator, [], allStores: false, TestUsers.Admin("admin"))).ShouldBeNull();
        var unticked = await PrincipalAsync("last-store-op");
        (await Users.ChangeAsync(user.Id, Roles.Operator, [], allStores: true, TestUsers.Admin("admin"))).ShouldBeNull();
        var everyStore = await PrincipalAsync("last-store-op");

        unticked.AllowedStores().ShouldNotBeNull().ShouldBeEmpty();
        unticked.CanSee(1).ShouldBeFalse();
        everyStore.AllowedStores().ShouldBeNull();
        (await Users.ListAsync()).Single(u => u.UserName == "last-store-op").AllStores.ShouldBeTrue();
    }

    [Fact]
    public async Task Every_change_that_narrows_a_user_changes_their_security_stamp()
    {
        (await Users.CreateAsync(new NewUser("stamped", null, Roles.Operator, [1], "Temporary1234"), TestUsers.Admin())).ShouldBeNull();
        var id = (await Users.ListAsync()).Single(u => u.UserName == "stamped").Id;
        var sessions = factory.Services.GetRequiredService<UserSessionValidator>();

        var before = await PrincipalAsync("stamped");
        (await sessions.IsCurrentAsync(before)).ShouldBeTrue();
        (await Users.ChangeAsync(id, Roles.Viewer, [1], allStores: false, TestUsers.Admin("admin"))).ShouldBeNull();
        (await sessions.IsCurrentAsync(before)).ShouldBeFalse();

        var demoted = await PrincipalAsync("stamped");
        (await Users.SetLockedAsync(id, true, TestUsers.Admin("admin"))).ShouldBeNull();
        (await sessions.IsCurrentAsync(demoted)).ShouldBeFalse();

        (await Users.SetLockedAsync(id, false, TestUsers.Admin("admin"))).ShouldBeNull();
        var unlocked = await PrincipalAsync("stamped");
        (await Users.DeleteAsync(id, TestUsers.Admin("admin"))).ShouldBeNull();
        (await sessions.IsCurrentAsync(unlocked)).ShouldBeFalse();
    }

    /// <summary>The principal a sign-in would put in the cookie now.</summary>
    private async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ConnectUser>>();
        var claims = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<ConnectUser>>();
        return await claims.CreateAsync((await users.FindByNameAsync(userName))!);
    }

    [Fact]
    public async Task A_weak_temporary_password_is_refused_with_the_rule()
    {
        (await Users.CreateAsync(new NewUser("weak", null, Roles.Viewer, [], "short"), TestUsers.Admin())).ShouldNotBeNull().ShouldContain("at least 10 characters");
    }
}
