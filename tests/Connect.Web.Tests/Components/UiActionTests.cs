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
    public async Task A_succeeding_action_shows_nothing()
    {
        var snackbar = Snackbar();

        (await snackbar.RunAsync(() => Task.CompletedTask, "Saving")).ShouldBeTrue();

        snackbar.ShownSnackbars.ShouldBeEmpty();
    }
}
