using Microsoft.Extensions.Logging;

namespace ErpConnector.Distributors.Runs;

/// <summary>Runs a queued run on the thread pool of this process. For hosts without a scheduler and for tests;
/// a run lost to a crash here is simply marked interrupted later (its heartbeat stops).</summary>
public sealed class InProcessFeedRunDispatcher(FeedRunner runner, ILogger<InProcessFeedRunDispatcher> logger) : IFeedRunDispatcher, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public Task DispatchAsync(string feedId, string runId, bool force, CancellationToken ct)
    {
        _ = Task.Run(async () =>
        {
            try { await runner.ExecuteAsync(runId, _stopping.Token); }
            catch (OperationCanceledException) { }
            catch (Exception ex) { logger.LogError(ex, "Run {RunId} of feed {FeedId} crashed", runId, feedId); }
        });
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
