using ErpConnector.Persistence.Deals;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals;

/// <summary>
/// Operator's retry of a failed or stuck deal after the data or configuration was fixed. It resumes at the
/// step that failed and marks the deal uncertain, so the first call asks Omie what already exists:
/// a retry can never create a second order or customer.
/// </summary>
public sealed partial class DealRetry(IDealLedger ledger, DealProcessor processor, WorkerIdentity worker, IOptions<DealProcessingOptions> options, TimeProvider clock, ILogger<DealRetry> logger)
{
    public enum Outcome { Retrying, NotFound, NotRetryable, Busy }

    public async Task<Outcome> RetryAsync(string dealId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var current = await ledger.GetAsync(dealId, ct);
        if (current is null) return Outcome.NotFound;
        if (current.State != DealState.Failed && !current.Stuck) return Outcome.NotRetryable;

        var deal = await ledger.TryClaimAsync(dealId, worker.Name, now, options.Value.Lease, ct);
        if (deal is null) return Outcome.Busy;

        if (deal.State == DealState.Failed)
        {
            var step = deal.FailedStep ?? DealState.Received;
            deal.MoveTo(step, now);
            // A city rejection is fixed outside (Omie or city registry); the RPS must be sent again.
            deal.ResendPending = step == DealState.Invoiced;
        }
        deal.Uncertain = true;
        deal.Stuck = false;
        deal.Attempts = 0;
        deal.FailedStep = null;
        deal.NextDueAt = now;
        if (!await ledger.SaveAsync(deal, "Retry requested by an operator.", releaseLease: false, now, ct))
            return Outcome.Busy;

        // Run in the background: the caller gets 202 and follows the deal through GET /api/deals/{id}.
        _ = Task.Run(async () =>
        {
            try
            {
                await processor.AdvanceAsync(deal, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The lease expires and the sweeper picks the deal up; the operator sees it in the API meanwhile.
                LogRetryFailed(ex, dealId);
            }
        }, CancellationToken.None);
        return Outcome.Retrying;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Operator retry of deal {DealId} failed unexpectedly; the sweeper will pick it up when its lease expires")]
    private partial void LogRetryFailed(Exception ex, string dealId);
}
