using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Runs;
using Microsoft.Extensions.Options;
using Quartz;

namespace ErpConnector.Service.Distributors;

/// <summary>An on-demand run is a queued row in the ledger plus a one-off Quartz trigger that executes it. With the
/// embedded default's in-memory Quartz store the trigger dies with the process, the row does not: at start this
/// queues each feed's still-queued run again (the row holds everything the trigger carried: run id, feed, forced),
/// so a re-fetch accepted before a restart still runs, as it did with the persistent store. A persistent store
/// (PostgreSQL) kept the trigger itself, so nothing is done there.</summary>
public sealed partial class QueuedFeedRunResumption(
    ISchedulerFactory schedulers, IFeedRunStore runs, IFeedRunDispatcher dispatcher, IOptions<DistributorsOptions> options,
    ILogger<QueuedFeedRunResumption> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var feeds = options.Value.Feeds;
        if (feeds.Count == 0) return;
        var scheduler = await schedulers.GetScheduler(ct);
        if ((await scheduler.GetMetadata(ct)).JobStorePersistent) return;
        foreach (var feed in feeds)
        {
            if (string.IsNullOrWhiteSpace(feed.Id)) continue;
            // Running rows are not resumed: their process died mid-run and the abandoned-run recovery interrupts them.
            if (await runs.GetActiveAsync(feed.Id, ct) is not { Status: FeedRunStatus.Queued } run) continue;
            try
            {
                await dispatcher.DispatchAsync(feed.Id, run.RunId, run.Forced, ct);
                LogResumed(feed.Id, run.RunId);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Its trigger is already in this scheduler: it runs once, from that trigger.
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {FeedId}: run {RunId} was queued before the restart; queued again")]
    private partial void LogResumed(string feedId, string runId);
}
