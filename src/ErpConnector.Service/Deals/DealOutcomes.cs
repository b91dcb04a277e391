using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Domain.Deals.Taxes;
using MassTransit;

namespace ErpConnector.Service.Deals;

/// <summary>Tells finance what happened. Published before the ledger is saved: a crash in between
/// repeats the event (consumers de-duplicate by dealId) instead of losing it.</summary>
public sealed class DealOutcomes(IBus bus)
{
    public Task IssuedAsync(Deal deal, DealWon won, DealNfse nfse, CancellationToken ct)
    {
        // Computed from the deal as sent; what Omie computed for the order may differ by its own rules (UNCONFIRMED).
        var taxes = TaxBreakdown.TryCompute(won);
        return bus.Publish(new NfseIssued
        {
            DealId = deal.DealId,
            EventId = deal.EventId,
            NfseNumber = nfse.Number,
            VerificationCode = nfse.VerificationCode,
            NfseUrl = nfse.Url,
            IssuedAt = nfse.IssuedAt,
            Total = won.Total,
            GrossAmount = taxes?.Gross ?? won.Total,
            WithheldAmount = taxes is null ? null : taxes.TotalWithheld,
            NetAmount = taxes is null ? null : taxes.Net,
            CustomerDocument = deal.CustomerDocument ?? "",
            OmieOrderId = deal.OmieOrderId ?? 0,
        }, ct);
    }

    public Task FailedAsync(Deal deal, CancellationToken ct) =>
        bus.Publish(new NfseFailed
        {
            DealId = deal.DealId,
            EventId = deal.EventId,
            Category = deal.Error?.Category ?? "unknown",
            Code = deal.Error?.Code ?? "",
            Message = deal.Error?.Message ?? "",
            CorrectiveAction = deal.Error?.CorrectiveAction ?? "",
            Attempts = deal.Attempts,
        }, ct);

    public Task RejectedAsync(DealRejected rejected, CancellationToken ct) => bus.Publish(rejected, ct);

    public Task StuckAsync(Deal deal, CancellationToken ct) =>
        bus.Publish(new DealStuck
        {
            DealId = deal.DealId,
            State = deal.State,
            Since = deal.CreatedAt,
            LastError = deal.Error?.Message ?? "",
        }, ct);
}
