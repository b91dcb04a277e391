using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals;

/// <summary>
/// A person's request to cancel a deal's NFS-e (<see cref="Deal.RequestCancellation"/> decides what may be
/// cancelled). Written to the ledger with the reason and who asked before the caller hears 202; the processor sends
/// CancelarOS once and waits for Omie to confirm. A second request while one is pending joins it.
/// </summary>
public sealed class DealCancelRequest(IDealLedger ledger, BackgroundDealPass background, WorkerIdentity worker, IOptions<DealProcessingOptions> options, TimeProvider clock)
{
    /// <summary>The shortest reason accepted (Omie's own UI asks for 15 characters; UNCONFIRMED for the API).</summary>
    public const int ReasonMinLength = 15;
    /// <summary>The longest reason accepted.</summary>
    public const int ReasonMaxLength = 255;

    /// <summary>The reason as it is kept: trimmed (the API and the console both read it through here).</summary>
    public static string NormaliseReason(string? reason) => reason?.Trim() ?? "";

    /// <summary>The one rule for a cancellation's reason, for the API and the console alike: 15–255 characters, no line
    /// breaks or other control characters, Unicode line separators or bidi overrides (it goes into the history and the
    /// audit on one line, and an override could make a console reader see another reason than the one stored).</summary>
    public static bool IsAcceptableReason(string normalised) =>
        normalised.Length is >= ReasonMinLength and <= ReasonMaxLength && !normalised.Any(IsLineBreakOrControl);

    private static bool IsLineBreakOrControl(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    public enum Outcome { Requested, Joined, NotFound, NoNfse, AlreadyCancelled, Busy, Paid }

    public sealed record Result(Outcome Outcome, Deal? Deal);

    public async Task<Result> RequestAsync(string dealId, string reason, string requestedBy, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var current = await ledger.GetAsync(dealId, ct);
        if (current is null) return new(Outcome.NotFound, null);
        if (Refusal(current) is { } refused) return new(refused, current);
        if (current.State == DealState.CancelRequested) return new(Outcome.Joined, current);

        var deal = await ledger.TryClaimAsync(dealId, worker.Name, now, options.Value.Lease, ct);
        if (deal is null)
        {
            // Someone holds the deal: most often a request that came at the same moment and is being written.
            var latest = await ledger.GetAsync(dealId, ct);
            return latest?.State == DealState.CancelRequested ? new(Outcome.Joined, latest) : new(Outcome.Busy, current);
        }
        // Checked again on the claimed copy: a push or another request may have moved it in between.
        if (Refusal(deal) is { } late || deal.State == DealState.CancelRequested)
        {
            await ledger.SaveAsync(deal, null, releaseLease: true, now, ct);
            return new(Refusal(deal) ?? Outcome.Joined, deal);
        }
        deal.RequestCancellation(reason, requestedBy, now);
        // Omie's CancelarOS has no reason field: the history is where the reason and the requester are kept.
        if (!await ledger.SaveAsync(deal, $"Cancellation requested by {requestedBy}: {reason}", releaseLease: false, now, ct))
            return new(Outcome.Busy, deal);
        background.Start(deal);
        return new(Outcome.Requested, deal);
    }

    private static Outcome? Refusal(Deal deal) => deal.State switch
    {
        DealState.Cancelled => Outcome.AlreadyCancelled,
        // It has an NFS-e, so "no NFS-e" would be false: a paid one is refused for being paid.
        DealState.Paid => Outcome.Paid,
        DealState.Issued or DealState.CancelRequested => null,
        _ => Outcome.NoNfse,
    };
}
