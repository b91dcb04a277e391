using ErpConnector.Distributors.Runs;
using Quartz;

namespace ErpConnector.Service.Distributors;

/// <summary>One durable job per feed. Fired by its cron trigger it starts a scheduled run (or leaves a running
/// one alone); fired by POST .../refetch it executes the queued run named in the trigger's data.
/// Never two at once for the same feed.</summary>
[DisallowConcurrentExecution]
public sealed class DistributorFeedJob(FeedRunner runner, ILogger<DistributorFeedJob> logger) : IJob
{
    public const string Group = "distributors";
    public const string FeedIdKey = "feedId";
    public const string RunIdKey = "runId";

    public static JobKey KeyFor(string feedId) => new($"feed-{feedId}", Group);
    public static TriggerKey ScheduleKeyFor(string feedId) => new($"feed-{feedId}-schedule", Group);

    public async ValueTask Execute(IJobExecutionContext context)
    {
        var feedId = context.MergedJobDataMap.GetString(FeedIdKey);
        if (string.IsNullOrEmpty(feedId))
        {
            logger.LogError("Distributor job {JobKey} fired without a feed id", context.JobDetail.Key);
            return;
        }
        var runId = context.Trigger.JobDataMap.GetString(RunIdKey);
        try
        {
            if (runId is { Length: > 0 })
                await runner.ExecuteAsync(runId, context.CancellationToken);
            else
                await runner.RunScheduledAsync(feedId, context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Feed {FeedId}: run stopped by shutdown; the last good snapshot stays", feedId);
        }
    }
}
