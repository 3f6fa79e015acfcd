using Connect.Domain;
using Connect.Infrastructure.Identity;
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
    public static Task<bool> RunAsync(this ISnackbar snackbar, Func<Task> action, string what, ILogger? logger = null) =>
        RunAsync(action, what, message => snackbar.Add(message, Severity.Error), logger);

    /// <summary>The same, for a dialog that shows the message beside its fields (<paramref name="show"/>) instead of in a Snackbar.</summary>
    public static async Task<bool> RunAsync(Func<Task> action, string what, Action<string> show, ILogger? logger = null)
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
            if (e is not (DomainException or ShopAccessException) && !IsRefusal(e))
                logger?.LogError(e, "{Action} failed.", what);
            show(Message(e, what));
            return false;
        }
    }

    /// <summary>For timers and event callbacks whose task nobody awaits: runs the action the same way, never throws.</summary>
    public static void Fire(this ISnackbar snackbar, Func<Task> action, string what, ILogger? logger = null) =>
        _ = RunAsync(snackbar, action, what, logger);

    /// <summary>
    /// A service refused the signed-in user (role or store). Its message says whom to ask. A file the server may not
    /// open ("Access to the path ... is denied") is Connect's problem, not the user's, and is not one.
    /// </summary>
    private static bool IsRefusal(Exception e) =>
        e is AccessDeniedException ||
        (e is UnauthorizedAccessException && !e.Message.StartsWith("Access to the path", StringComparison.Ordinal));

    /// <summary>What the user reads: rule and shop messages say their own fix; anything else says what to try.</summary>
    public static string Message(Exception e, string what) => e switch
    {
        DomainException or ShopAccessException => e.Message,
        _ when IsRefusal(e) => $"You are not allowed to do this ({what}): {e.Message}",
        DbUpdateConcurrencyException => $"{what} failed: someone else changed this meanwhile. Reload the page to see their change, then try again.",
        _ => $"{what} failed: {(e is DbUpdateException ? "the database refused the change" : "an unexpected error occurred")}. " +
             "Try again; if it keeps failing, Connect's log has the details.",
    };
}
