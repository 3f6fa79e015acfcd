using Connect.Domain;
using Connect.Infrastructure.Integrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace Connect.Web.Components.Shared;

/// <summary>
/// The one way click handlers, dialogs, timers and live-update callbacks run an action: a failure is logged and shown
/// as a Snackbar that says what to do, and never reaches the renderer, so no exception can end the user's circuit.
/// </summary>
public static class UiAction
{
    /// <summary>Runs <paramref name="action"/>; true when it completed. <paramref name="what"/> names it for the message ("Saving the order import settings").</summary>
    public static async Task<bool> RunAsync(this ISnackbar snackbar, Func<Task> action, string what, ILogger? logger = null)
    {
        try
        {
            await action();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false; // the page or the circuit is going away: nobody is left to tell
        }
        catch (Exception e)
        {
            if (e is not (DomainException or ShopAccessException))
                logger?.LogError(e, "{Action} failed.", what);
            snackbar.Add(Message(e, what), Severity.Error);
            return false;
        }
    }

    /// <summary>For timers and event callbacks whose task nobody awaits: runs the action the same way, never throws.</summary>
    public static void Fire(this ISnackbar snackbar, Func<Task> action, string what, ILogger? logger = null) =>
        _ = RunAsync(snackbar, action, what, logger);

    /// <summary>What the user reads: rule and shop messages say their own fix; anything else says what to try.</summary>
    public static string Message(Exception e, string what) => e switch
    {
        DomainException or ShopAccessException => e.Message,
        DbUpdateConcurrencyException => $"{what} failed: someone else changed this meanwhile. Reload the page to see their change, then try again.",
        _ => $"{what} failed: {(e is DbUpdateException ? "the database refused the change" : "an unexpected error occurred")}. " +
             "Try again; if it keeps failing, Connect's log has the details.",
    };
}
