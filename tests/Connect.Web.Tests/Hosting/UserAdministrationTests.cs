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
        (await Users.DeleteAsync(admin.Id, "someone-else")).ShouldNotBeNull().ShouldContain("last admin");
        (await Users.SetLockedAsync(admin.Id, true, "someone-else")).ShouldNotBeNull().ShouldContain("last admin");
        (await Users.ChangeAsync(admin.Id, Roles.Viewer, [], "someone-else")).ShouldNotBeNull().ShouldContain("last admin");
    }

    [Fact]
    public async Task Users_cannot_lock_or_delete_themselves()
    {
        var admin = await AdminAsync();
        (await Users.DeleteAsync(admin.Id, admin.Id)).ShouldNotBeNull().ShouldContain("your own account");
        (await Users.SetLockedAsync(admin.Id, true, admin.Id)).ShouldNotBeNull().ShouldContain("your own account");
    }

    [Fact]
    public async Task A_new_user_gets_a_role_stores_and_must_change_the_temporary_password()
    {
        (await Users.CreateAsync(new NewUser("store-op", "op@shop.test", Roles.Operator, [1], "Temporary1234"))).ShouldBeNull();
        var created = (await Users.ListAsync()).Single(u => u.UserName == "store-op");
        (created.Role, created.MustChangePassword, created.Locked).ShouldBe((Roles.Operator, true, false));
        created.StoreIds.ShouldBe([1]);

        (await Users.SetLockedAsync(created.Id, true, "admin")).ShouldBeNull();
        (await Users.ListAsync()).Single(u => u.UserName == "store-op").Locked.ShouldBeTrue();
        (await Users.DeleteAsync(created.Id, "admin")).ShouldBeNull();
        (await Users.ListAsync()).ShouldNotContain(u => u.UserName == "store-op");
    }

    [Fact]
    public async Task A_weak_temporary_password_is_refused_with_the_rule()
    {
        (await Users.CreateAsync(new NewUser("weak", null, Roles.Viewer, [], "short"))).ShouldNotBeNull().ShouldContain("at least 10 characters");
    }
}
