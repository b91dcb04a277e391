using ErpConnector.Contracts;
using ErpConnector.Omie;
using ErpConnector.Persistence.Deals;
using MassTransit;

namespace ErpConnector.Service.Deals;

/// <summary>Tells finance what happened. Published before the ledger is saved: a crash in between
/// repeats the event (consumers de-duplicate by dealId) instead of losing it.</summary>
public sealed class DealOutcomes(IBus bus)
{
    public Task IssuedAsync(DealRecord deal, DealWon won, OmieRps rps, DateTimeOffset now, CancellationToken ct) =>
        bus.Publish(new NfseIssued
        {
            DealId = deal.DealId,
            EventId = deal.EventId,
            NfseNumber = rps.NfseNumber,
            VerificationCode = rps.VerificationCode,
            NfseUrl = rps.NfseUrl,
            IssuedAt = now,
            Total = won.Total,
            CustomerDocument = deal.CustomerDocument ?? "",
            OmieOrderId = deal.OmieOrderId ?? 0,
        }, ct);

    public Task FailedAsync(DealRecord deal, CancellationToken ct) =>
        bus.Publish(new NfseFailed
        {
            DealId = deal.DealId,
            EventId = deal.EventId,
            Category = deal.ErrorCategory ?? "unknown",
            Code = deal.ErrorCode ?? "",
            Message = deal.ErrorMessage ?? "",
            CorrectiveAction = deal.CorrectiveAction ?? "",
            Attempts = deal.Attempts,
        }, ct);

    public Task RejectedAsync(DealRejected rejected, CancellationToken ct) => bus.Publish(rejected, ct);

    public Task StuckAsync(DealRecord deal, CancellationToken ct) =>
        bus.Publish(new DealStuck
        {
            DealId = deal.DealId,
            State = deal.State,
            Since = deal.CreatedAt,
            LastError = deal.ErrorMessage ?? "",
        }, ct);
}
