using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals;

/// <summary>
/// Operator's retry of a failed, stuck or uncertain deal after the data or configuration was fixed
/// (<see cref="Deal.Retry"/> decides what may be retried and where it resumes). The deal is uncertain afterwards,
/// so its first call asks Omie what already exists: a retry can never create a second order or invoice.
/// </summary>
public sealed class DealRetry(IDealLedger ledger, BackgroundDealPass background, WorkerIdentity worker, IOptions<DealProcessingOptions> options, TimeProvider clock)
{
    public enum Outcome { Retrying, NotFound, NotRetryable, Busy }

    public sealed record Result(Outcome Outcome, Deal? Deal);

    public async Task<Result> RetryAsync(string dealId, CancellationToken ct, string? who = null)
    {
        var now = clock.GetUtcNow();
        var current = await ledger.GetAsync(dealId, ct);
        if (current is null) return new(Outcome.NotFound, null);
        if (!current.CanBeRetried) return new(Outcome.NotRetryable, current);

        var deal = await ledger.TryClaimAsync(dealId, worker.Name, now, options.Value.Lease, ct);
        if (deal is null) return new(Outcome.Busy, current);
        // Checked again on the claimed copy: the deal may have finished between the read and the claim.
        if (!deal.CanBeRetried)
        {
            await ledger.SaveAsync(deal, null, releaseLease: true, now, ct);
            return new(Outcome.NotRetryable, deal);
        }
        deal.Retry(now);
        var note = who is { Length: > 0 } ? $"Retry requested by {who}." : "Retry requested by an operator.";
        if (!await ledger.SaveAsync(deal, note, releaseLease: false, now, ct))
            return new(Outcome.Busy, deal);

        // The caller gets 202 and follows the deal through GET /api/deals/{id}.
        background.Start(deal);
        return new(Outcome.Retrying, deal);
    }
}
