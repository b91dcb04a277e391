using System.Runtime.CompilerServices;
using ErpConnector.Service.Distributors;
using ErpConnector.Persistence;
using ErpConnector.Service.Deals;
using Quartz;

namespace ErpConnector.Service.Scheduling;

public static class SchedulingRegistration
{
    /// <summary>Quartz for the sweeps and the feeds. PostgreSQL (the scale-out shape): a clustered persistent store in the
    /// ledger's database, so each trigger fires on one node and a dead node's triggers move to the others; triggers are
    /// kept on redeploy (existing ones are not replaced). SQLite (the single-instance embedded default): Quartz's
    /// in-memory store, because nothing a trigger stands for lives only in Quartz there: the sweeps' and feeds'
    /// schedules come from configuration and are re-created at every start, the deals' retries and polls are the
    /// ledger's due column (swept by <see cref="DealSweepJob"/>), and an on-demand feed run is a queued row in the
    /// ledger that <see cref="QueuedFeedRunResumption"/> queues again after a restart. The ADO store on SQLite was the
    /// largest block of code the embedded default ran at start: without it ≈ 2,200 fewer methods are JIT-compiled, its
    /// SQLite connections' caches and misfire thread are gone, and the idle working set is 12 MB smaller (BENCHMARKS.md,
    /// "Footprint").</summary>
    public static IServiceCollection AddConnectorScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var processing = configuration.GetSection(DealProcessingOptions.SectionName).Get<DealProcessingOptions>() ?? new DealProcessingOptions();
        var persistence = configuration.GetSection(PersistenceOptions.SectionName).Get<PersistenceOptions>() ?? new PersistenceOptions();

        services.AddQuartz(q =>
        {
            // One scheduler name shared by every instance; generated ids let a clustered store tell them apart.
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "erp-connector";
                if (persistence.IsPostgres)
                {
                    // Quartz 4.7 gives "AUTO" no special meaning: the literal made every node check in as the same
                    // instance (one row in qrtz_scheduler_state for two processes), so they could not recover each
                    // other's triggers. Generate the id instead (host name + start time, what AUTO meant in Quartz 3).
                    o.GenerateInstanceId = true;
                }
                else
                {
                    o.InstanceId = "AUTO";
                }
            });
            // Redeploys keep existing triggers and their next fire times instead of resetting them.
            q.ConfigureOptions<QuartzOptions>(o =>
            {
                o.Scheduling.IgnoreDuplicates = true;
                o.Scheduling.OverwriteExistingData = false;
            });
            if (persistence.IsPostgres)
            {
                q.UsePersistentStore(store =>
                {
                    UseClusteredPostgres(store, persistence.ConnectionString, configuration);
                    store.UseSystemTextJsonSerializer();
                    store.ProvisionSchema();
                });
            }
            else
            {
                q.UseInMemoryStore();
            }

            q.AddJob<DealSweepJob>(j => j.WithIdentity(DealSweepJob.Key).StoreDurably());
            q.AddTrigger<DealSweepJob>(t => t.ForJob(DealSweepJob.Key).WithIdentity("deal-sweep", "deals")
                .WithSimpleSchedule(s => s.WithInterval(processing.SweepInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            q.AddJob<StuckDealJob>(j => j.WithIdentity(StuckDealJob.Key).StoreDurably());
            q.AddTrigger<StuckDealJob>(t => t.ForJob(StuckDealJob.Key).WithIdentity("stuck-deals", "deals")
                .WithSimpleSchedule(s => s.WithInterval(processing.StuckCheckInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            q.AddDistributorFeedJobs(configuration);
            ErpConnector.Service.SalesOs.SalesOsRegistration.AddSalesOsJobs(q, configuration);

        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Several instances share the store: clustered, so each trigger fires on one node only and a dead node's
    /// triggers are recovered by the others after the check-in threshold.</summary>
    /// <remarks>Apart, so SQLite starts without loading Npgsql: the JIT loads the assembly of every call in a method
    /// it compiles, taken or not.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseClusteredPostgres(IPersistentStoreBuilder store, string connectionString, IConfiguration configuration)
    {
        store.UsePostgres(Npgsql.NpgsqlFactory.Instance, connectionString);
        // A killed node's in-progress sweep blocks the [DisallowConcurrentExecution] job cluster-wide
        // until the others notice the missed check-in, so keep detection in seconds.
        var checkin = configuration.GetValue("Scheduling:ClusterCheckinInterval", TimeSpan.FromSeconds(5));
        var threshold = configuration.GetValue("Scheduling:ClusterCheckinMisfireThreshold", TimeSpan.FromSeconds(10));
        store.UseClustering(c =>
        {
            c.CheckinInterval = checkin;
            c.CheckinMisfireThreshold = threshold;
        });
    }
}
