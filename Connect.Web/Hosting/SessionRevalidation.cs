using System.Collections.Concurrent;
using System.Security.Claims;
using Connect.Infrastructure.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Connect.Web.Hosting;

/// <summary>How often open sessions are checked against their user ("Hosting:SessionRevalidationSeconds", 30 unless set).</summary>
public sealed class SessionRevalidationOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The authentication state of a Blazor circuit, checked every <see cref="SessionRevalidationOptions.Interval"/>: when
/// the user was locked, deleted, demoted or re-scoped (their security stamp changed), the circuit is signed out and
/// its pages show the sign-in page instead of data the user may no longer see.
/// </summary>
public sealed class ConnectAuthenticationStateProvider(
    ILoggerFactory loggers, UserSessionValidator sessions, IOptions<SessionRevalidationOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => options.Value.Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        sessions.IsCurrentAsync(authenticationState.User, cancellationToken);
}

/// <summary>
/// The live hub connections and their users, checked every <see cref="SessionRevalidationOptions.Interval"/>: a
/// connection whose user is no longer current (see <see cref="UserSessionValidator"/>) is closed, so a changed store
/// limit or a locked account stops its live messages within a minute; the client reconnects with its new cookie, if any.
/// </summary>
public sealed class HubSessionWatch(UserSessionValidator sessions, IOptions<SessionRevalidationOptions> options, ILogger<HubSessionWatch> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new();

    public void Add(HubCallerContext connection) => _connections[connection.ConnectionId] = connection;

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var connection in _connections.Values)
            {
                try
                {
                    if (await sessions.IsCurrentAsync(connection.User ?? new ClaimsPrincipal(), stoppingToken)) continue;
                    logger.LogInformation("Closing feed hub connection {ConnectionId} of {User}: the user was changed, locked or deleted.",
                        connection.ConnectionId, connection.User?.Identity?.Name);
                    Remove(connection.ConnectionId);
                    connection.Abort();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database may be briefly away: check again at the next tick rather than closing everyone.
                    logger.LogWarning(ex, "Could not check feed hub connection {ConnectionId}; trying again later.", connection.ConnectionId);
                }
            }
        }
    }
}
