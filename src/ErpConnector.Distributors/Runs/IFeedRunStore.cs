namespace ErpConnector.Distributors.Runs;

/// <summary>Runs and per-feed state. Implementations guarantee at most one queued-or-running run per feed,
/// even across instances sharing the database.</summary>
public interface IFeedRunStore
{
    /// <summary>Creates a queued run, or returns the live one (joined = true) if the feed already has one.
    /// Runs whose heartbeat is older than <paramref name="abandonAfter"/> are first marked interrupted.</summary>
    Task<(FeedRun Run, bool Joined)> StartOrJoinAsync(string feedId, string trigger, bool force, DateTimeOffset now, TimeSpan abandonAfter, CancellationToken ct);

    /// <summary>Queued → running. False when someone else took it or it was abandoned meanwhile.</summary>
    Task<bool> TryBeginAsync(string runId, DateTimeOffset now, CancellationToken ct);

    /// <summary>Writes progress counters and the heartbeat.</summary>
    Task SaveProgressAsync(FeedRun run, DateTimeOffset now, CancellationToken ct);

    /// <summary>Records a run that ends without applying (rejected, failed, interrupted).</summary>
    Task FinishAsync(FeedRun run, CancellationToken ct);

    Task<FeedRun?> GetAsync(string runId, CancellationToken ct);

    Task<FeedRun?> GetActiveAsync(string feedId, CancellationToken ct);

    Task<FeedState?> GetStateAsync(string feedId, CancellationToken ct);

    Task<IReadOnlyList<FeedState>> ListStatesAsync(CancellationToken ct);

    /// <summary>Finished runs whose events have not been published yet (the process stopped in between).</summary>
    Task<IReadOnlyList<FeedRun>> ListUnpublishedAsync(string? feedId, CancellationToken ct);

    Task MarkPublishedAsync(string runId, CancellationToken ct);

    /// <summary>Marks runs with a stale heartbeat as interrupted; returns how many.</summary>
    Task<int> InterruptAbandonedAsync(DateTimeOffset now, TimeSpan abandonAfter, CancellationToken ct);
}
