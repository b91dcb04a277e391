using ErpConnector.Persistence.Deals;
using ErpConnector.Service.Deals;
using Microsoft.Extensions.Options;
using Quartz;

namespace ErpConnector.Service.Scheduling;

/// <summary>
/// Advances every deal whose next step is due: NFS-e polls, durable retries, self-heals and deals a crashed
/// worker left behind. One repeating trigger sweeps the ledger's due column instead of one trigger per deal
/// (the ADO job store fires only ~100–160 one-off triggers a second).
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class DealSweepJob(
    IDealLedger ledger,
    DealProcessor processor,
    WorkerIdentity worker,
    IOptions<DealProcessingOptions> options,
    TimeProvider clock,
    ILogger<DealSweepJob> logger) : IJob
{
    public static readonly JobKey Key = new("deal-sweep", "deals");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var settings = options.Value;
        while (!ct.IsCancellationRequested)
        {
            var due = await ledger.ClaimDueAsync(worker.Name, clock.GetUtcNow(), settings.Lease, settings.SweepBatchSize, ct);
            if (due.Count == 0) return;
            LogSweeping(due.Count);
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.SweepParallelism, CancellationToken = ct },
                async (deal, token) =>
                {
                    try
                    {
                        await processor.AdvanceAsync(deal, token);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The lease expires and a later sweep tries again; one bad deal must not stop the rest.
                        LogDealFailed(ex, deal.DealId);
                    }
                });
            if (due.Count < settings.SweepBatchSize) return;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sweeping {Count} due deals")]
    private partial void LogSweeping(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error advancing deal {DealId}; it will be retried after its lease expires")]
    private partial void LogDealFailed(Exception ex, string dealId);
}
