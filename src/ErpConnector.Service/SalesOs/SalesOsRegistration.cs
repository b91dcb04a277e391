using ErpConnector.Persistence.Deals;
using ErpConnector.SalesOs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace ErpConnector.Service.SalesOs;

public static class SalesOsRegistration
{
    /// <summary>The SalesOS API client, the write-back outbox (enlisted in every deal save; active only when
    /// SalesOS:WriteBack:Enabled) and the "salesos" readiness check.</summary>
    public static IServiceCollection AddSalesOsSync(this IServiceCollection services)
    {
        services.AddSalesOsClient();
        services.AddOptions<SalesOsWriteBackOptions>().BindConfiguration(SalesOsWriteBackOptions.SectionName).ValidateOnStart();
        services.AddOptions<SalesOsCatchUpOptions>().BindConfiguration(SalesOsCatchUpOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SalesOsWriteBackOptions>, SalesOsSyncOptionsValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SalesOsCatchUpOptions>, SalesOsSyncOptionsValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDealSaveOutbox, WriteBackEnlistment>());
        services.AddHealthChecks().AddCheck<SalesOsHealthCheck>("salesos", tags: ["ready"]);
        return services;
    }

    /// <summary>The write-back sweep and the catch-up, when the SalesOS API client is configured (each also checks its
    /// own Enabled at every run, so a configuration reload turns it off).</summary>
    public static void AddSalesOsJobs(this IQuartzBuilder q, IConfiguration configuration)
    {
        var client = configuration.GetSection(SalesOsOptions.SectionName).Get<SalesOsOptions>() ?? new SalesOsOptions();
        if (!client.IsConfigured) return;
        var writeBack = configuration.GetSection(SalesOsWriteBackOptions.SectionName).Get<SalesOsWriteBackOptions>() ?? new SalesOsWriteBackOptions();
        var catchUp = configuration.GetSection(SalesOsCatchUpOptions.SectionName).Get<SalesOsCatchUpOptions>() ?? new SalesOsCatchUpOptions();
        if (writeBack.Enabled)
        {
            q.AddJob<SalesOsWriteBackJob>(j => j.WithIdentity(SalesOsWriteBackJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(SalesOsWriteBackJob.Key).WithIdentity("salesos-write-back", "salesos")
                .WithSimpleSchedule(s => s.WithInterval(writeBack.SweepInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        }
        if (catchUp.Enabled)
        {
            q.AddJob<SalesOsCatchUpJob>(j => j.WithIdentity(SalesOsCatchUpJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(SalesOsCatchUpJob.Key).WithIdentity("salesos-catch-up", "salesos")
                .WithSimpleSchedule(s => s.WithInterval(catchUp.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        }
    }
}
