using ErpConnector.Distributors.Status;
using Quartz;

namespace ErpConnector.Service.Distributors;

public sealed class QuartzFeedScheduleClock(ISchedulerFactory schedulers) : IFeedScheduleClock
{
    public async Task<DateTimeOffset?> NextRunAsync(string feedId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var trigger = await scheduler.GetTrigger(DistributorFeedJob.ScheduleKeyFor(feedId), ct);
        return trigger?.NextFireTimeUtc;
    }
}
