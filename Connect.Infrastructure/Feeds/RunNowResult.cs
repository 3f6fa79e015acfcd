namespace Connect.Infrastructure.Feeds;

public enum RunNowStatus { Started, AlreadyRunning, NotAllowed, NotFound }

/// <summary>The answer to Run now (and to a schedule launching a run). <see cref="Reason"/> is written for the operator.</summary>
public sealed record RunNowResult(RunNowStatus Status, long? RunId, string? Reason)
{
    public static RunNowResult Started(long runId) => new(RunNowStatus.Started, runId, null);
    public static RunNowResult AlreadyRunning(long? runId) => new(RunNowStatus.AlreadyRunning, runId, "This feed is already running; wait for it to finish or stop it first.");
    public static RunNowResult NotAllowed(string reason) => new(RunNowStatus.NotAllowed, null, reason);
    public static RunNowResult NotFound(string reason) => new(RunNowStatus.NotFound, null, reason);

    public bool IsStarted => Status == RunNowStatus.Started;
}
