using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Domain.Deals.Taxes;
using MassTransit;

namespace ErpConnector.Service.Deals;

/// <summary>Tells finance what happened. Published before the ledger is saved: a crash in between
/// repeats the event (consumers de-duplicate by dealId) instead of losing it.</summary>
public sealed class DealOutcomes(IBus bus)
{
    public Task IssuedAsync(Deal deal, DealWon won, DealNfse nfse, CancellationToken ct, bool xmlArchived = false)
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
            PdfUrl = nfse.PdfUrl,
            RpsUrl = nfse.RpsUrl,
            StatementPdfUrl = nfse.StatementPdfUrl,
            XmlArchived = xmlArchived,
        }, ct);
    }

    public Task CancelledAsync(Deal deal, CancellationToken ct) =>
        bus.Publish(new NfseCancelled
        {
            DealId = deal.DealId,
            EventId = deal.EventId,
            NfseNumber = deal.Nfse?.Number ?? "",
            CancelledAt = deal.Cancellation?.CancelledAt ?? deal.StateSince,
            Reason = deal.Cancellation?.Reason ?? "",
            RequestedBy = deal.Cancellation?.RequestedBy ?? "",
            OmieOrderId = deal.OmieOrderId ?? 0,
        }, ct);

    public Task CancellationRefusedAsync(Deal deal, DealError error, CancellationToken ct) =>
        bus.Publish(new NfseCancellationRefused
        {
            DealId = deal.DealId,
            EventId = deal.EventId,
            NfseNumber = deal.Nfse?.Number ?? "",
            Category = error.Category,
            Code = error.Code,
            Message = error.Message,
            CorrectiveAction = error.CorrectiveAction,
            Reason = deal.Cancellation?.Reason ?? "",
            RequestedBy = deal.Cancellation?.RequestedBy ?? "",
        }, ct);

    public Task SubstitutedAsync(Deal deal, string substituteNumber, CancellationToken ct) =>
        bus.Publish(new NfseSubstituted
        {
            DealId = deal.DealId,
            EventId = deal.EventId,
            NfseNumber = deal.Nfse?.Number ?? "",
            SubstituteNumber = substituteNumber,
        }, ct);

    public Task PaidAsync(Deal deal, long receivableId, CancellationToken ct) =>
        bus.Publish(new InvoicePaid
        {
            DealId = deal.DealId,
            EventId = deal.EventId,
            NfseNumber = deal.Nfse?.Number ?? "",
            Amount = deal.Payment?.Amount,
            PaidOn = deal.Payment?.PaidOn,
            OmieReceivableId = receivableId,
        }, ct);

    public Task AwaitingCityAsync(Deal deal, DateTimeOffset invoicedAt, string rpsStatus, CancellationToken ct) =>
        bus.Publish(new DealAwaitingCity
        {
            DealId = deal.DealId,
            EventId = deal.EventId,
            InvoicedAt = invoicedAt,
            RpsStatus = rpsStatus,
            CorrectiveAction = deal.Error?.CorrectiveAction ?? "",
        }, ct);

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
