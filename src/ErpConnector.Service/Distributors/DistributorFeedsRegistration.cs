using ErpConnector.Distributors;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Events;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Status;
using ErpConnector.Persistence.Prices;
using ErpConnector.Service.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace ErpConnector.Service.Distributors;

public static class DistributorFeedsRegistration
{
    /// <summary>Distributor price feeds: options (validated at start-up, naming the bad key), adapters, runs,
    /// SQLite stores, MassTransit publishing, Quartz dispatch, the "distributor-feeds" readiness check.
    /// Needs AddPersistence (ConnectionFactory), a MassTransit bus and AddQuartz.</summary>
    public static IServiceCollection AddDistributorFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DistributorsOptions>().BindConfiguration(DistributorsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DistributorsOptions>, DistributorsOptionsValidation>());
        // Credentials may come from files reloaded while the service runs: a bad edit keeps the last valid settings.
        services.AddSingleton<IOptionsMonitor<DistributorsOptions>>(sp => new LastValidOptionsMonitor<DistributorsOptions>(
            ActivatorUtilities.CreateInstance<OptionsMonitor<DistributorsOptions>>(sp),
            sp.GetRequiredService<ILogger<LastValidOptionsMonitor<DistributorsOptions>>>()));

        services.AddSqlitePriceSnapshots();
        services.TryAddSingleton<IFeedEventPublisher, MassTransitFeedEventPublisher>();
        services.TryAddSingleton<IFeedRunDispatcher, QuartzFeedRunDispatcher>();
        services.TryAddSingleton<IFeedScheduleClock, QuartzFeedScheduleClock>();
        services.AddPriceFeedCore();

        services.AddHostedService<DistributorScheduleReconciler>();
        services.AddHostedService<DistributorRunRecovery>();
        services.AddHostedService<QueuedFeedRunResumption>();
        services.AddHealthChecks().AddCheck<DistributorFeedsHealthCheck>("distributor-feeds", tags: ["ready"]);
        return services;
    }

    /// <summary>One durable job per configured feed, plus its cron trigger (time zone per feed; a misfire does
    /// nothing, the next fire catches up). Call inside the host's <c>services.AddQuartz(q => ...)</c>
    /// (Quartz 4's builder is IQuartzBuilder; Quartz 3 called it IServiceCollectionQuartzConfigurator).</summary>
    public static void AddDistributorFeedJobs(this IQuartzBuilder q, IConfiguration configuration)
    {
        var options = configuration.GetSection(DistributorsOptions.SectionName).Get<DistributorsOptions>() ?? new DistributorsOptions();
        foreach (var feed in options.Feeds)
        {
            // Bad entries are left to the options validation, which stops start-up with the key named.
            if (string.IsNullOrWhiteSpace(feed.Id)) continue;
            var job = DistributorFeedJob.KeyFor(feed.Id);
            q.AddJob<DistributorFeedJob>(j => j.WithIdentity(job).StoreDurably().DisallowConcurrentExecution()
                .UsingJobData(DistributorFeedJob.FeedIdKey, feed.Id)
                .WithDescription($"Re-fetch distributor prices: {feed.DisplayName}"));
            if (FeedCronSchedule.For(feed) is { } schedule)
                q.AddTrigger(schedule.Configure);
        }
    }
}
