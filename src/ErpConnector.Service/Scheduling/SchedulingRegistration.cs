using ErpConnector.Persistence;
using ErpConnector.Service.Deals;
using Quartz;

namespace ErpConnector.Service.Scheduling;

public static class SchedulingRegistration
{
    /// <summary>Quartz with a persistent job store in the same database as the ledger, so schedules survive
    /// restarts; triggers are kept on redeploy (existing ones are not replaced).</summary>
    public static IServiceCollection AddConnectorScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var processing = configuration.GetSection(DealProcessingOptions.SectionName).Get<DealProcessingOptions>() ?? new DealProcessingOptions();
        var persistence = configuration.GetSection(PersistenceOptions.SectionName).Get<PersistenceOptions>() ?? new PersistenceOptions();

        services.AddQuartz(q =>
        {
            q.SchedulerName = "erp-connector";
            q.SchedulerId = "AUTO";
            // Redeploys keep existing triggers and their next fire times instead of resetting them.
            q.Scheduling.IgnoreDuplicates = true;
            q.Scheduling.OverWriteExistingData = false;
            q.UsePersistentStore(store =>
            {
                store.UseSqlite(persistence.ConnectionString);
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });

            q.AddJob<DealSweepJob>(DealSweepJob.Key, j => j.StoreDurably());
            q.AddTrigger(t => t.ForJob(DealSweepJob.Key).WithIdentity("deal-sweep", "deals")
                .WithSimpleSchedule(s => s.WithInterval(processing.SweepInterval).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount()));

            q.AddJob<StuckDealJob>(StuckDealJob.Key, j => j.StoreDurably());
            q.AddTrigger(t => t.ForJob(StuckDealJob.Key).WithIdentity("stuck-deals", "deals")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(5)).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount()));

        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
