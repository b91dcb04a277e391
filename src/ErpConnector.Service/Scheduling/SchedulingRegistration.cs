using System.Runtime.CompilerServices;
using ErpConnector.Service.Distributors;
using ErpConnector.Persistence;
using ErpConnector.Service.Deals;
using Quartz;

namespace ErpConnector.Service.Scheduling;

public static class SchedulingRegistration
{
    /// <summary>
    /// On SQLite, Quartz gets a file of its own beside the ledger (<c>erpconnector.db</c> → <c>erpconnector.quartz.db</c>):
    /// its lock handler holds write transactions while it acquires triggers, and sharing the ledger's file made
    /// every deal write queue behind the scheduler (measured: 70 → 9 deals/s once writes were serialised).
    /// </summary>
    public static string QuartzSqliteConnectionString(string ledgerConnectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ledgerConnectionString);
        var source = builder.DataSource;
        if (!string.IsNullOrEmpty(source) && source != ":memory:")
            builder.DataSource = Path.ChangeExtension(source, null) + ".quartz" + (Path.HasExtension(source) ? Path.GetExtension(source) : ".db");
        return builder.ToString();
    }

    /// <summary>Quartz with a persistent job store (PostgreSQL: the ledger's database; SQLite: a sibling file), so schedules survive
    /// restarts; triggers are kept on redeploy (existing ones are not replaced).</summary>
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
            q.UsePersistentStore(store =>
            {
                if (persistence.IsPostgres)
                {
                    UseClusteredPostgres(store, persistence.ConnectionString, configuration);
                }
                else
                {
                    store.UseSqlite(QuartzSqliteConnectionString(persistence.ConnectionString));
                }
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });

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
