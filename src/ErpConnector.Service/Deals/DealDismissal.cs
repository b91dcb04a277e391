using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals;

/// <summary>
/// A person's dismissal of a deal handled outside the connector (<see cref="Deal.Dismiss"/> decides which deals may be
/// dismissed). The deal is claimed first, as a retry does, so a worker advancing it at that moment is never
/// overwritten; who and why go into its history.
/// </summary>
public sealed class DealDismissal(IDealLedger ledger, WorkerIdentity worker, IOptions<DealProcessingOptions> options, TimeProvider clock)
{
    public enum Outcome { Dismissed, NotFound, NotDismissable, Busy }

    public sealed record Result(Outcome Outcome, Deal? Deal);

    /// <summary>Longest reason kept: it is shown on the deal page and stored in the history.</summary>
    public const int MaxReasonLength = 500;

    public async Task<Result> DismissAsync(string dealId, string who, string why, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var current = await ledger.GetAsync(dealId, ct);
        if (current is null) return new(Outcome.NotFound, null);
        if (!current.CanBeDismissed) return new(Outcome.NotDismissable, current);

        var deal = await ledger.TryClaimAsync(dealId, worker.Name, now, options.Value.Lease, ct);
        if (deal is null) return new(Outcome.Busy, current);
        if (!deal.CanBeDismissed)
        {
            await ledger.SaveAsync(deal, null, releaseLease: true, now, ct);
            return new(Outcome.NotDismissable, deal);
        }
        var note = deal.Dismiss(who, why, now);
        return await ledger.SaveAsync(deal, note, releaseLease: true, now, ct)
            ? new(Outcome.Dismissed, deal)
            : new(Outcome.Busy, deal);
    }
}
