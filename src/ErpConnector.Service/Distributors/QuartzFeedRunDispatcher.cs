using ErpConnector.Distributors.Runs;
using Quartz;

namespace ErpConnector.Service.Distributors;

/// <summary>On-demand runs go through the feed's Quartz job, so they share its no-concurrency rule and its
/// persistent store (a queued run survives a restart until its trigger fires).</summary>
public sealed class QuartzFeedRunDispatcher(ISchedulerFactory schedulers) : IFeedRunDispatcher
{
    public async Task DispatchAsync(string feedId, string runId, bool force, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"feed-{feedId}-run-{runId}", DistributorFeedJob.Group)
            .ForJob(DistributorFeedJob.KeyFor(feedId))
            .UsingJobData(DistributorFeedJob.RunIdKey, runId)
            .StartNow()
            // A missed on-demand run still runs as soon as the scheduler can.
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(trigger, default, ct);
    }
}
