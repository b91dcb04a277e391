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
            // One scheduler name shared by every instance; AUTO ids let a clustered store tell them apart.
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "erp-connector";
                o.InstanceId = "AUTO";
            });
            // Redeploys keep existing triggers and their next fire times instead of resetting them.
            q.ConfigureOptions<QuartzOptions>(o =>
            {
                o.Scheduling.IgnoreDuplicates = true;
                o.Scheduling.OverwriteExistingData = false;
            });
            q.UsePersistentStore(store =>
            {
                if (persistence.IsPostgres)
                {
                    // Several instances share the store: clustered, so each trigger fires on one node only and a
                    // dead node's triggers are recovered by the others after the check-in threshold.
                    store.UsePostgres(Npgsql.NpgsqlFactory.Instance, persistence.ConnectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(10);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                    });
                }
                else
                {
                    store.UseSqlite(persistence.ConnectionString);
                }
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });

            q.AddJob<DealSweepJob>(j => j.WithIdentity(DealSweepJob.Key).StoreDurably());
            q.AddTrigger<DealSweepJob>(t => t.ForJob(DealSweepJob.Key).WithIdentity("deal-sweep", "deals")
                .WithSimpleSchedule(s => s.WithInterval(processing.SweepInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            q.AddJob<StuckDealJob>(j => j.WithIdentity(StuckDealJob.Key).StoreDurably());
            q.AddTrigger<StuckDealJob>(t => t.ForJob(StuckDealJob.Key).WithIdentity("stuck-deals", "deals")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(5)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
