using ErpConnector.Persistence.Deals;
using ErpConnector.Persistence.SalesOs;
using ErpConnector.SalesOs;
using ErpConnector.Service.Deals;
using Microsoft.Extensions.Options;
using Quartz;

namespace ErpConnector.Service.SalesOs;

/// <summary>
/// Delivers due write-backs from the outbox to SalesOS (PATCH of the deal's custom fields). A failure is kept with
/// the row (SalesOS's code, message and request id) and retried later — a 429 at its Retry-After, the rest on
/// <see cref="SalesOsWriteBackOptions.RetrySchedule"/>; the invoice itself is never touched by it.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class SalesOsWriteBackJob(
    SalesOsWriteBackStore outbox,
    ISalesOsClient salesOs,
    IOptions<SalesOsOptions> client,
    IDealLedger ledger,
    WorkerIdentity worker,
    IOptionsMonitor<SalesOsWriteBackOptions> options,
    TimeProvider clock,
    ILogger<SalesOsWriteBackJob> logger) : IJob
{
    public static readonly JobKey Key = new("salesos-write-back", "salesos");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        if (!settings.Enabled) return;
        while (!ct.IsCancellationRequested)
        {
            // A fresh owner per claim: a row whose lease expired under this worker is not "still ours" to a later round.
            var owner = $"{worker.Name}/{Guid.NewGuid():N}";
            var now = clock.GetUtcNow();
            var until = now + settings.Lease;
            var due = await outbox.ClaimDueAsync(owner, now, until, settings.BatchSize, ct);
            if (due.Count == 0) return;
            foreach (var row in due)
            {
                // The batch shares one lease and is written one row at a time: a write started when it could outlive
                // the lease may still be in flight when another worker claims the row and writes a newer state, and
                // would land after it. The rows left are claimed again once this lease lapses.
                if (clock.GetUtcNow() + SalesOsWriteBackOptions.LongestCall(client.Value) > until) return;
                await DeliverAsync(row, owner, settings, ct);
            }
            if (due.Count < settings.BatchSize) return;
        }
    }

    private async Task DeliverAsync(WriteBackRow row, string owner, SalesOsWriteBackOptions settings, CancellationToken ct)
    {
        try
        {
            var fields = WriteBackContent.FromJson(row.Content).ToCustomFields(settings.Fields, WriteBackContent.Marker(row.DealId, row.Seq));
            await salesOs.UpdateCustomFieldsAsync(row.DealId, fields, ct);
            var now = clock.GetUtcNow();
            if (await outbox.MarkDeliveredAsync(row.DealId, owner, row.Seq, row.State, now, ct))
            {
                await ledger.AppendNoteAsync(row.DealId, $"SalesOS write-back: the deal shows '{row.State}'", now, ct);
                LogDelivered(row.DealId, row.State);
            }
        }
        catch (SalesOsCallException ex) when (ex is { Failure: SalesOsFailure.Rejected, HttpStatus: not (408 or 409) })
        {
            // 404 (a deal that did not come from SalesOS), 422 (a field SalesOS does not take): repeating the same
            // write cannot succeed. Kept with SalesOS's answer; the deal's next state enlists a new write.
            await outbox.MarkRefusedAsync(row.DealId, owner, ex.Summary, clock.GetUtcNow(), ct);
            LogRefused(row.DealId, row.State, ex.Summary);
        }
        catch (SalesOsCallException ex)
        {
            var now = clock.GetUtcNow();
            var next = ex.Failure == SalesOsFailure.RateLimited && ex.RetryAt is { } at
                ? at
                : now + settings.RetrySchedule[Math.Min(row.Attempts, settings.RetrySchedule.Length - 1)];
            await outbox.MarkFailedAsync(row.DealId, owner, ex.Summary, next, now, ct);
            LogFailed(row.DealId, row.State, ex.Summary, next);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else (an unreadable row, a ledger hiccup) waits like a failure; one row never stops the rest.
            var now = clock.GetUtcNow();
            var next = now + settings.RetrySchedule[Math.Min(row.Attempts, settings.RetrySchedule.Length - 1)];
            await outbox.MarkFailedAsync(row.DealId, owner, $"{ex.GetType().Name}: {ex.Message}", next, now, ct);
            LogUnexpected(ex, row.DealId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SalesOS deal {DealId} now shows '{State}'")]
    private partial void LogDelivered(string dealId, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SalesOS write-back of '{State}' for deal {DealId} failed ({Failure}); next attempt at {NextAt:O}. The invoice is not affected")]
    private partial void LogFailed(string dealId, string state, string failure, DateTimeOffset nextAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SalesOS refused the write-back of '{State}' for deal {DealId} ({Failure}); not retried until the deal changes state. The invoice is not affected")]
    private partial void LogRefused(string dealId, string state, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "SalesOS write-back for deal {DealId} failed unexpectedly; retried later")]
    private partial void LogUnexpected(Exception ex, string dealId);
}
