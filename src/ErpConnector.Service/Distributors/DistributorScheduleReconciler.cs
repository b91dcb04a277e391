using ErpConnector.Distributors.Configuration;
using Microsoft.Extensions.Options;
using Quartz;

namespace ErpConnector.Service.Distributors;

/// <summary>The host keeps existing triggers on redeploy (IgnoreDuplicates), which is right for next fire times
/// but would also keep an old cron after the schedule was edited. This aligns stored triggers with the
/// configuration at start-up: only feeds whose cron or time zone changed, or that were disabled, are touched.</summary>
public sealed class DistributorScheduleReconciler(
    ISchedulerFactory schedulers, IOptions<DistributorsOptions> options, ILogger<DistributorScheduleReconciler> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var feeds = options.Value.Feeds;
        foreach (var feed in feeds)
        {
            var key = DistributorFeedJob.ScheduleKeyFor(feed.Id);
            var stored = await scheduler.GetTrigger(key, ct) as ICronTrigger;
            var desired = FeedCronSchedule.For(feed);
            if (desired is null)
            {
                if (stored is not null && await scheduler.UnscheduleJob(key, ct))
                    logger.LogInformation("Feed {FeedId}: schedule removed (feed disabled)", feed.Id);
                continue;
            }
            if (stored is not null && stored.CronExpressionString == desired.Cron && stored.TimeZone.Id == desired.Zone.Id) continue;
            if (!await scheduler.Exists(DistributorFeedJob.KeyFor(feed.Id), ct)) continue;
            var trigger = desired.Build();
            if (stored is null) await scheduler.ScheduleJob(trigger, default, ct);
            else await scheduler.RescheduleJob(key, trigger, ct);
            logger.LogInformation("Feed {FeedId}: schedule set to {Schedule} ({TimeZone})", feed.Id, feed.Schedule, feed.TimeZone);
        }

    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
