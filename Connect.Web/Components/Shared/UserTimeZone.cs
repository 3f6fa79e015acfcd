using Microsoft.JSInterop;

namespace Connect.Web.Components.Shared;

/// <summary>
/// The time zone of the browser behind this circuit (scoped: one per circuit). It is UTC until the browser has told
/// its IANA zone, which the first <c>LocalTime</c> asks for once; then every <c>LocalTime</c> shows the new zone.
/// </summary>
public sealed class UserTimeZone
{
    private Task? _detection;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>False while the portal still shows UTC because the browser has not answered (yet).</summary>
    public bool IsKnown { get; private set; }

    /// <summary>Raised once the browser's zone is known.</summary>
    public event Action? Changed;

    /// <summary>Asks the browser once per circuit; later calls share the same answer. Never throws: UTC stays the fallback.</summary>
    public Task DetectAsync(IJSRuntime js) => _detection ??= AskBrowserAsync(js);

    /// <summary>Uses the zone the browser named; an unknown or empty name keeps UTC. True when the zone changed.</summary>
    public bool Use(string? ianaId)
    {
        if (string.IsNullOrWhiteSpace(ianaId) || !TimeZoneInfo.TryFindSystemTimeZoneById(ianaId.Trim(), out var zone)) return false;
        (Zone, IsKnown) = (zone, true);
        Changed?.Invoke();
        return true;
    }

    private async Task AskBrowserAsync(IJSRuntime js)
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./Components/Shared/LocalTime.razor.js");
            Use(await module.InvokeAsync<string?>("browserTimeZone"));
        }
        // Whatever went wrong (a closed tab, a browser without Intl, an interop error), times stay in UTC, written as such:
        // a time shown in UTC is still right, while an exception here would break every page that shows a time.
        catch (Exception) { _detection = null; }
    }
}
