using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using ErpConnector.Service.Observability;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals;

/// <summary>
/// Turns an incoming DealWon into a ledger row: rejects it with every error at once, ignores a repeat,
/// or records it and advances it right away. The row is written before the event id, so a crash in
/// between makes the redelivery find the deal rather than drop it.
/// </summary>
public sealed partial class DealIntake(
    IDealLedger ledger,
    DealProcessor processor,
    DealOutcomes outcomes,
    WorkerIdentity worker,
    IOptions<DealProcessingOptions> options,
    TimeProvider clock,
    ConnectorMetrics metrics,
    ILogger<DealIntake> logger)
{
    public async Task AcceptAsync(DealWon deal, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        metrics.DealReceived();
        var errors = DealValidation.Validate(deal);
        if (errors.Count > 0)
        {
            await RejectAsync(deal, errors, now, ct);
            return;
        }

        // Created already leased to this worker: the sweeper cannot grab a deal between its insert and its
        // first step, and the claim costs no extra write.
        var lease = options.Value.Lease;
        var record = NewRecord(deal, DealState.Received, now);
        record.NextDueAt = now;
        record.LeaseOwner = worker.Name;
        record.LeaseUntil = now + lease;
        if (await ledger.TryCreateAsync(record, $"Deal received (event {deal.EventId}).", ct))
        {
            await processor.AdvanceAsync(record, ct);
            return;
        }

        var existing = await ledger.GetAsync(deal.DealId, ct);
        if (existing is null || existing.State != DealState.Rejected)
        {
            LogDuplicate(deal.DealId, deal.EventId, existing?.State);
            await ledger.TryRecordEventAsync(deal.EventId, deal.DealId, now, ct);
            return;
        }
        // The publisher corrected a rejected deal and sent it again: start over with the new data.
        if (await ledger.TryClaimAsync(deal.DealId, worker.Name, now, lease, ct) is not { } claimed)
            return;
        claimed.Payload = record.Payload;
        claimed.EventId = deal.EventId;
        claimed.Total = deal.Total;
        claimed.ClearError();
        claimed.MoveTo(DealState.Received, now);
        claimed.NextDueAt = now;
        if (!await ledger.SaveAsync(claimed, $"Corrected deal received (event {deal.EventId}).", releaseLease: false, now, ct))
            return;
        await ledger.TryRecordEventAsync(deal.EventId, deal.DealId, now, ct);
        await processor.AdvanceAsync(claimed, ct);
    }

    /// <summary>Rejects a deal for reasons found before validation (e.g. an oversized message).</summary>
    public Task RejectAsync(DealWon deal, IReadOnlyList<FieldError> errors, CancellationToken ct) =>
        RejectAsync(deal, errors, clock.GetUtcNow(), ct);

    private async Task RejectAsync(DealWon deal, IReadOnlyList<FieldError> errors, DateTimeOffset now, CancellationToken ct)
    {
        LogRejected(deal.DealId, deal.EventId, errors.Count, string.Join(", ", errors.Select(e => e.Field)));
        metrics.DealRejected();
        if (!string.IsNullOrWhiteSpace(deal.DealId))
        {
            var record = NewRecord(deal, DealState.Rejected, now);
            record.ErrorCategory = "validation";
            record.ErrorCode = errors[0].Code;
            record.ErrorMessage = string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
            record.CorrectiveAction = "Corrija os campos indicados no CRM e publique o negócio novamente. / Fix the listed fields in the CRM and publish the deal again.";
            // A deal already known in a better state must not be downgraded by a bad duplicate.
            await ledger.TryCreateAsync(record, $"Deal rejected (event {deal.EventId}): {record.ErrorMessage}", ct);
        }
        await outcomes.RejectedAsync(new DealRejected { DealId = deal.DealId, EventId = deal.EventId, Errors = errors }, ct);
    }

    private static DealRecord NewRecord(DealWon deal, string state, DateTimeOffset now) => new()
    {
        DealId = deal.DealId,
        EventId = deal.EventId,
        State = state,
        Payload = DealPayload.Serialize(deal),
        Total = deal.Total,
        StateSince = now,
        CreatedAt = now,
        UpdatedAt = now,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Deal {DealId} already known (state {State}); event {EventId} ignored")]
    private partial void LogDuplicate(string dealId, string eventId, string? state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deal {DealId} (event {EventId}) rejected with {ErrorCount} errors in {Fields}")]
    private partial void LogRejected(string dealId, string eventId, int errorCount, string fields);
}
