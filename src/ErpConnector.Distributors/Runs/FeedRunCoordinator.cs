using ErpConnector.Distributors.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErpConnector.Distributors.Runs;

/// <summary>On-demand re-fetch: starts a run now, or answers with the one already going so a feed never
/// has two runs at once.</summary>
public sealed class FeedRunCoordinator(
    IOptionsMonitor<DistributorsOptions> options, IFeedRunStore runs, IFeedRunDispatcher dispatcher, TimeProvider time,
    ILogger<FeedRunCoordinator> logger)
{
    public async Task<RunRequest?> RequestAsync(string feedId, bool force, string trigger, CancellationToken ct)
    {
        var feed = options.CurrentValue.Find(feedId);
        if (feed is null) return null;
        var (run, joined) = await runs.StartOrJoinAsync(feed.Id, trigger, force, time.GetUtcNow(), options.CurrentValue.AbandonRunAfter, ct);
        if (joined)
        {
            logger.LogInformation("Feed {FeedId}: re-fetch requested while run {RunId} is {Status}; answering with it", feed.Id, run.RunId, run.Status);
            return new RunRequest(run, Joined: true);
        }
        try
        {
            await dispatcher.DispatchAsync(feed.Id, run.RunId, force, ct);
        }
        catch (Exception ex)
        {
            run.Status = FeedRunStatus.Failed;
            run.Reason = FeedRunReasons.FetchFailed;
            run.Message = $"The run could not be scheduled: {ex.Message}";
            run.FinishedAt = time.GetUtcNow();
            await runs.FinishAsync(run, CancellationToken.None);
            throw;
        }
        logger.LogInformation("Feed {FeedId}: run {RunId} queued ({Trigger}{Forced})", feed.Id, run.RunId, trigger, force ? ", forced" : "");
        return new RunRequest(run, Joined: false);
    }
}

/// <summary>The run a request got: a new one queued, or the feed's run already going.</summary>
/// <param name="Run">The run, readable by its id while and after it runs.</param>
/// <param name="Joined">True when the feed already had a run going and this is it.</param>
public sealed record RunRequest(FeedRun Run, bool Joined);
