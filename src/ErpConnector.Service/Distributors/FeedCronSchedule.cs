using ErpConnector.Distributors.Configuration;
using Quartz;

namespace ErpConnector.Service.Distributors;

/// <summary>A feed's cron trigger, built the same way at configuration time and by the reconciler:
/// the feed's time zone, and a missed fire does nothing (the next one catches up).</summary>
public sealed record FeedCronSchedule(string FeedId, string Cron, TimeZoneInfo Zone, string Description)
{
    public TriggerKey Key => DistributorFeedJob.ScheduleKeyFor(FeedId);

    /// <summary>Null when the feed is disabled or its schedule is unusable (validation reports the latter).</summary>
    public static FeedCronSchedule? For(PriceFeedOptions feed)
    {
        if (!feed.Enabled || !CronExpression.TryParse(feed.Schedule ?? "", out _)) return null;
        try
        {
            return new FeedCronSchedule(feed.Id, feed.Schedule!, TimeZoneInfo.FindSystemTimeZoneById(feed.TimeZone), $"{feed.Schedule} ({feed.TimeZone})");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    public CronScheduleBuilder Schedule() => CronScheduleBuilder.Create(Cron)
        .InTimeZone(Zone)
        .WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing);

    public void Configure(ITriggerConfigurator<IJob> t) => t
        .WithIdentity(Key)
        .ForJob(DistributorFeedJob.KeyFor(FeedId))
        .WithDescription(Description)
        .WithSchedule(Schedule());

    public ITrigger Build() => TriggerBuilder.Create()
        .WithIdentity(Key)
        .ForJob(DistributorFeedJob.KeyFor(FeedId))
        .WithDescription(Description)
        .WithSchedule(Schedule())
        .Build();
}
