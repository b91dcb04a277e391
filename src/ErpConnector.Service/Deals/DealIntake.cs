using System.Text;
using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using ErpConnector.Service.Deals.MunicipalCodes;
using ErpConnector.Service.Messaging;
using ErpConnector.Service.Observability;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals;

/// <summary>
/// Turns an incoming DealWon into a ledger row, from any door (bus, API, webhook): rejects it with every error at
/// once, ignores a repeat, accepts a correction of a rejected deal, or writes it leased to this worker. Whatever it
/// accepts is committed before it returns, so "accepted" always means "written": a crash afterwards leaves a due,
/// leased row that the sweeper takes over when the lease expires.
/// </summary>
public sealed partial class DealIntake(
    IDealLedger ledger,
    MunicipalCodeCheck municipalCodes,
    WorkerIdentity worker,
    IOptions<DealProcessingOptions> options,
    IOptions<MessagingOptions> messaging,
    TimeProvider clock,
    DealOutcomes outcomes,
    ConnectorMetrics metrics,
    ILogger<DealIntake> logger)
{
    private const string FixInCrm = "Corrija os campos indicados no CRM e publique o negócio novamente. / Fix the listed fields in the CRM and publish the deal again.";

    /// <summary>What became of one deal.won.</summary>
    public enum Outcome
    {
        /// <summary>New deal written; <see cref="Result.ToAdvance"/> is leased to this worker.</summary>
        Accepted,
        /// <summary>A rejected deal corrected; <see cref="Result.ToAdvance"/> is leased to this worker.</summary>
        Corrected,
        /// <summary>The deal is known already (a repeat, or a new event for a deal on its way or finished).</summary>
        Duplicate,
        /// <summary>Invalid: written as rejected and announced (DealRejected).</summary>
        Rejected,
        /// <summary>Invalid, but the deal already reached Omie or finished: noted in its history, nothing announced.</summary>
        Ignored,
    }

    /// <param name="Outcome">What happened.</param>
    /// <param name="ToAdvance">The deal to advance now (leased to this worker), if any.</param>
    /// <param name="Errors">The validation errors of a rejected or ignored event.</param>
    /// <param name="State">The deal's state after the intake, when it has a row.</param>
    public sealed record Result(Outcome Outcome, Deal? ToAdvance, IReadOnlyList<FieldError> Errors, string? State);

    /// <summary>Validates and writes the deal; returns once it is committed (or known).</summary>
    public async Task<Result> RecordAsync(DealWon won, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        metrics.DealReceived();
        var errors = DealValidation.Validate(won);
        // Only a valid deal costs a lookup (cached per city; bounded by a short timeout; unknown list → proceed).
        if (errors.Count == 0)
            errors = await municipalCodes.CheckAsync(won, ct);
        if (errors.Count > 0)
        {
            // The HTTP doors take bodies up to the request limit (1 MB), four times the bus's deal.won limit: an
            // invalid deal that large keeps only its summary, as an oversized bus message does.
            var whole = DealPayload.Serialize(won);
            var bytes = Encoding.UTF8.GetByteCount(whole);
            return await RejectAsync(won, errors, bytes > messaging.Value.MaxDealMessageBytes ? DealPayload.Summary(won, bytes) : whole, now, ct);
        }

        var payload = DealPayload.Serialize(won);
        // Created already leased to this worker: the sweeper cannot grab a deal between its insert and its first
        // step. Token 0 is the version of a new row; every later claim gets a larger one.
        var deal = Deal.Receive(won.DealId, won.EventId, payload, won.Total, now);
        deal.HoldLease(new DealLease(worker.Name, now + options.Value.Lease, 0));
        if (await ledger.TryCreateAsync(deal, $"Deal received (event {won.EventId}).", ct))
            return new(Outcome.Accepted, deal, [], deal.State);

        var existing = await ledger.GetAsync(won.DealId, ct);
        if (existing is { CanBeCorrected: true }
            && await ledger.TryClaimAsync(won.DealId, worker.Name, now, options.Value.Lease, ct) is { CanBeCorrected: true } claimed)
        {
            // The publisher corrected a rejected deal and sent it again: start over with the new data.
            claimed.AcceptCorrection(won.EventId, payload, won.Total, now);
            if (await ledger.SaveAsync(claimed, $"Corrected deal received (event {won.EventId}).", releaseLease: false, now, ct))
            {
                await ledger.TryRecordEventAsync(won.EventId, won.DealId, now, ct);
                return new(Outcome.Corrected, claimed, [], claimed.State);
            }
        }

        LogDuplicate(won.DealId, won.EventId, existing?.State);
        // Remembered once per event id: a redelivery storm adds no history lines, a new event for the deal adds one.
        if (await ledger.TryRecordEventAsync(won.EventId, won.DealId, now, ct) && existing is not null && existing.EventId != won.EventId)
            await ledger.AppendNoteAsync(won.DealId, $"Event {won.EventId} ignored: the deal is already '{existing.State}'.", now, ct);
        return new(Outcome.Duplicate, null, [], existing?.State);
    }

    /// <summary>Rejects a deal.won for reasons found before validation (an oversized message), keeping only a summary.</summary>
    public Task<Result> RejectOversizedAsync(DealWon won, long messageBytes, IReadOnlyList<FieldError> errors, CancellationToken ct)
    {
        metrics.DealReceived();
        return RejectAsync(won, errors, DealPayload.Summary(won, messageBytes), clock.GetUtcNow(), ct);
    }

    private async Task<Result> RejectAsync(DealWon won, IReadOnlyList<FieldError> errors, string payload, DateTimeOffset now, CancellationToken ct)
    {
        LogRejected(ReceivedIds.ForLog(won.DealId), ReceivedIds.ForLog(won.EventId), errors.Count, string.Join(", ", errors.Select(e => e.Field)));
        string? state = null;
        // Kept in the ledger only under a deal id that could be one (a 10 KB or NUL id is refused as a key by
        // PostgreSQL and names no deal anybody will look up); the rejection is announced and answered either way.
        if (ReceivedIds.CanKeyADeal(won.DealId))
        {
            // An unusable event id is kept as its fingerprint: a repeat of the same bad event is still a repeat.
            var eventId = ReceivedIds.ForLedger(won.EventId);
            var message = string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
            var rejected = Deal.Reject(won.DealId, eventId, payload, won.Total, new DealError("validation", errors[0].Code, message, FixInCrm), now);
            if (!await ledger.TryCreateAsync(rejected, $"Deal rejected (event {eventId}): {message}", ct))
            {
                var existing = await ledger.GetAsync(won.DealId, ct);
                var first = await ledger.TryRecordEventAsync(eventId, won.DealId, now, ct);
                if (existing is not null && !existing.CanBeCorrected)
                {
                    // The deal is on its way through Omie or finished: "rejected" would tell finance something false.
                    // The event goes into the deal's history and is otherwise ignored.
                    if (first)
                        await ledger.AppendNoteAsync(won.DealId, $"Invalid event {eventId} ignored: the deal is already '{existing.State}'. {message}", now, ct);
                    metrics.DealEventIgnored("invalid-for-known-deal");
                    LogConflictIgnored(won.DealId, eventId, existing.State);
                    return new(Outcome.Ignored, null, errors, existing.State);
                }
                if (first)
                    await ledger.AppendNoteAsync(won.DealId, $"Rejected again (event {eventId}): {message}", now, ct);
            }
            state = DealState.Rejected;
        }
        metrics.DealRejected();
        await outcomes.RejectedAsync(new DealRejected { DealId = won.DealId, EventId = won.EventId, Errors = errors }, ct);
        return new(Outcome.Rejected, null, errors, state);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deal {DealId} already known (state {State}); event {EventId} ignored")]
    private partial void LogDuplicate(string dealId, string eventId, string? state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deal {DealId} (event {EventId}) rejected with {ErrorCount} errors in {Fields}")]
    private partial void LogRejected(string dealId, string eventId, int errorCount, string fields);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invalid event {EventId} for deal {DealId} ignored: the deal is already {State}; no rejection announced")]
    private partial void LogConflictIgnored(string dealId, string eventId, string state);
}
