using ErpConnector.Distributors.Runs;
using Quartz;

namespace ErpConnector.Service.Distributors;

/// <summary>One durable job per feed, registered with DisallowConcurrentExecution (Quartz 4 sets it on the job
/// configurator; there is no attribute). Fired by its cron trigger it starts a scheduled run (or leaves a
/// running one alone); fired by POST .../refetch it executes the queued run named in the trigger's data.</summary>
public sealed class DistributorFeedJob(FeedRunner runner, ILogger<DistributorFeedJob> logger) : IJob
{
    public const string Group = "distributors";
    public const string FeedIdKey = "feedId";
    public const string RunIdKey = "runId";

    public static JobKey KeyFor(string feedId) => new($"feed-{feedId}", Group);
    public static TriggerKey ScheduleKeyFor(string feedId) => new($"feed-{feedId}-schedule", Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var feedId = Read(context, FeedIdKey);
        if (string.IsNullOrEmpty(feedId))
        {
            logger.LogError("Distributor job {JobKey} fired without a feed id", context.JobDetail.Key);
            return;
        }
        var runId = Read(context, RunIdKey);
        try
        {
            if (runId is { Length: > 0 })
                await runner.ExecuteAsync(runId, ct);
            else
                await runner.RunScheduledAsync(feedId, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            logger.LogInformation("Feed {FeedId}: run stopped by shutdown; the last good snapshot stays", feedId);
        }
    }

    private static string? Read(IJobExecutionContext context, string key) =>
        context.MergedJobDataMap.TryGetValue(key, out var value) ? value?.ToString() : null;
}
