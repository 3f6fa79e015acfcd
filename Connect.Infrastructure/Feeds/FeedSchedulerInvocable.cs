using Coravel.Invocable;

namespace Connect.Infrastructure.Feeds;

/// <summary>The Coravel side of the scheduler: a thin adapter that ticks <see cref="FeedScheduler"/>.</summary>
public sealed class FeedSchedulerInvocable(FeedScheduler scheduler) : IInvocable, ICancellableInvocable
{
    public CancellationToken CancellationToken { get; set; }

    public Task Invoke() => scheduler.TickAsync(CancellationToken);
}
