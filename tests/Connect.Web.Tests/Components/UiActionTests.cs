using Connect.Domain;
using Connect.Web.Components.Shared;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Connect.Web.Tests.Components;

/// <summary>The shared way handlers, dialogs and timers run an action: failures become a Snackbar, never an exception.</summary>
public sealed class UiActionTests : Bunit.BunitContext
{
    public UiActionTests() => MudBlazor.Services.ServiceCollectionExtensions.AddMudServices(Services);

    private ISnackbar Snackbar() => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ISnackbar>(Services);

    [Fact]
    public async Task A_failing_action_shows_what_failed_and_does_not_throw()
    {
        var snackbar = Snackbar();

        var done = await snackbar.RunAsync(() => throw new InvalidOperationException("database is down"), "Run now");

        done.ShouldBeFalse();
        var message = snackbar.ShownSnackbars.ShouldHaveSingleItem();
        message.Message.ShouldNotBeNull().ShouldContain("Run now failed");
        message.Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public async Task A_rule_message_is_shown_as_it_is()
    {
        var snackbar = Snackbar();

        await snackbar.RunAsync(() => throw new DomainException("Choose an active store."), "Saving");

        snackbar.ShownSnackbars.Single().Message.ShouldBe("Choose an active store.");
    }

    [Fact]
    public async Task A_concurrent_change_asks_to_reload()
    {
        var snackbar = Snackbar();

        await snackbar.RunAsync(() => throw new DbUpdateConcurrencyException("conflict"), "Saving the order import settings");

        snackbar.ShownSnackbars.Single().Message.ShouldNotBeNull().ShouldContain("someone else changed this");
    }

    [Fact]
    public async Task A_refused_user_is_told_they_are_not_allowed_and_whom_to_ask()
    {
        var snackbar = Snackbar();

        await snackbar.RunAsync(() => throw new UnauthorizedAccessException("Only operators and admins can change stock. Ask an admin to give you the Operator role."), "Saving the stock");
        await snackbar.RunAsync(() => throw new Connect.Infrastructure.Identity.AccessDeniedException("Only operators and admins can run, stop or schedule feeds; ask an admin for the Operator role."), "Stop");

        snackbar.ShownSnackbars.Select(s => s.Message).ShouldBe([
            "You are not allowed to do this (Saving the stock): Only operators and admins can change stock. Ask an admin to give you the Operator role.",
            "You are not allowed to do this (Stop): Only operators and admins can run, stop or schedule feeds; ask an admin for the Operator role.",
        ]);
    }

    [Fact]
    public async Task A_file_the_server_may_not_open_is_not_reported_as_the_users_lack_of_rights()
    {
        var snackbar = Snackbar();

        await snackbar.RunAsync(() => throw new UnauthorizedAccessException("Access to the path '/srv/images/1.jpg' is denied."), "Saving the image");

        snackbar.ShownSnackbars.Single().Message.ShouldNotBeNull().ShouldStartWith("Saving the image failed");
    }

    [Fact]
    public async Task A_succeeding_action_shows_nothing()
    {
        var snackbar = Snackbar();

        (await snackbar.RunAsync(() => Task.CompletedTask, "Saving")).ShouldBeTrue();

        snackbar.ShownSnackbars.ShouldBeEmpty();
    }
}
