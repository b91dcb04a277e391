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
            // Flag first, then announce: a crash in between leaves it flagged but unannounced, which the
            // API still lists; announcing first could repeat the event on every run.
            if (!await ledger.MarkStuckAsync(deal.DealId, $"Marked stuck: still '{deal.State}' after {options.Value.StuckAfter}.", now, ct))
                continue;
            await outcomes.StuckAsync(deal, ct);
            LogStuck(deal.DealId, deal.State);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deal {DealId} is stuck in state {State}")]
    private partial void LogStuck(string dealId, string state);
}
