using ErpConnector.Persistence.Deals;
using ErpConnector.Service.Deals;
using Microsoft.Extensions.Options;
using Quartz;

namespace ErpConnector.Service.Scheduling;

/// <summary>Marks deals that have been on their way longer than the threshold and announces them, so no
/// note sits in "Pendente" unseen.</summary>
[DisallowConcurrentExecution]
public sealed partial class StuckDealJob(
    IDealLedger ledger,
    DealOutcomes outcomes,
    IOptions<DealProcessingOptions> options,
    TimeProvider clock,
    ILogger<StuckDealJob> logger) : IJob
{
    public static readonly JobKey Key = new("stuck-deals", "deals");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var candidates = await ledger.FindNewlyStuckAsync(now - options.Value.StuckAfter, 500, ct);
        foreach (var deal in candidates)
        {
            await outcomes.StuckAsync(deal, ct);
            deal.Stuck = true;
            // The version check keeps this from overwriting a step a worker just saved; the next run retries.
            if (await ledger.SaveAsync(deal, $"Marked stuck: still '{deal.State}' after {options.Value.StuckAfter}.", releaseLease: false, now, ct))
                LogStuck(deal.DealId, deal.State);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deal {DealId} is stuck in state {State}")]
    private partial void LogStuck(string dealId, string state);
}
