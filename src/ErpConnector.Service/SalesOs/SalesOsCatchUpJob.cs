using System.Text.Json;
using ErpConnector.Persistence.Deals;
using ErpConnector.Persistence.SalesOs;
using ErpConnector.SalesOs;
using ErpConnector.Service.Deals;
using ErpConnector.Service.Webhooks;
using Microsoft.Extensions.Options;
using Quartz;

namespace ErpConnector.Service.SalesOs;

/// <summary>
/// Won deals the webhook never delivered (SalesOS deactivates a webhook after 10 failed deliveries and re-sends
/// nothing): lists won deals changed since a durable cursor (<c>updated_after</c>, paged) and records every deal the
/// ledger does not know through the same intake and mapping as the webhook. The cursor moves only once every page is
/// read and every deal on them recorded, so a failure or crash mid-listing lists it all again (known deals are skipped).
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class SalesOsCatchUpJob(
    ISalesOsClient salesOs,
    IOptions<SalesOsOptions> client,
    SalesOsSyncStore sync,
    IDealLedger ledger,
    IServiceScopeFactory scopes,
    BackgroundDealPass background,
    IOptionsMonitor<SalesOsCatchUpOptions> options,
    TimeProvider clock,
    ILogger<SalesOsCatchUpJob> logger) : IJob
{
    public static readonly JobKey Key = new("salesos-catch-up", "salesos");
    public const string CursorName = "won-deals";
    public const string EventIdPrefix = "salesos-catch-up:";
    private const int MaxPagesPerRun = 10_000;
    public const string WebhookSettings = "SalesOS Admin > Integrations > Webhooks";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        // A trigger kept in the job store from a run that had an API client must not call SalesOS without one.
        if (!settings.Enabled || !client.Value.IsConfigured) return;
        try
        {
            await RunAsync(settings, ct);
        }
        catch (SalesOsCallException ex)
        {
            // The cursor stayed where the last complete run left it: the next run lists from there.
            LogRunFailed(ex.Summary);
        }
    }

    /// <summary>One catch-up run; returns how many deals it recorded that the ledger did not know.</summary>
    public async Task<int> RunAsync(SalesOsCatchUpOptions settings, CancellationToken ct)
    {
        var startedAt = clock.GetUtcNow();
        var cursorAt = (await sync.GetAsync(CursorName, ct))?.At ?? startedAt - settings.InitialLookback;
        var listFrom = cursorAt - settings.Overlap;
        var listedMax = cursorAt;
        var found = 0;
        var missed = 0;
        var pages = 0;
        string? page = null;
        do
        {
            var listed = await salesOs.ListWonDealsAsync(listFrom, page, settings.PageSize, ct);
            var pageMax = cursorAt;
            foreach (var element in listed.Deals)
            {
                var (deal, updatedAt, status) = Read(element);
                if (updatedAt is { } u && u > pageMax) pageMax = u;
                if (!string.Equals(status ?? "won", "won", StringComparison.OrdinalIgnoreCase)) continue;
                if (deal?.Id is not { } dealId)
                {
                    // SalesOS's own data cannot be read (a number sent as text, no id): said loudly, with what identifies
                    // it, since the cursor moves on and only a person can bring the deal in (POST /api/deals).
                    LogUnreadable(ReceivedIds.ForLog(element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var raw) ? raw.ToString() : null));
                    continue;
                }
                if (!ReceivedIds.CanKeyADeal(dealId))
                {
                    LogUnkeyable(ReceivedIds.ForLog(dealId));
                    continue;
                }
                if (await ledger.GetAsync(dealId, ct) is not null) continue;
                if (!await RecordAsync(deal, dealId, updatedAt ?? startedAt, ct)) continue;
                found++;
                // A deal won moments ago may simply not be delivered yet; one older than the grace was missed.
                if (updatedAt is null || startedAt - updatedAt.Value >= settings.WebhookGrace) missed++;
            }
            if (pageMax > listedMax) listedMax = pageMax;
            // A cursor that does not move (a SalesOS bug) must not spin this job forever.
            if (listed.NextCursor == page || ++pages >= MaxPagesPerRun) break;
            page = listed.NextCursor;
        }
        while (page is not null && !ct.IsCancellationRequested);

        // Moved only once every page is read and every deal on them is in the ledger: the listing's order is
        // UNCONFIRMED (newest first is common), so a cursor moved past one page's newest deal before a later page
        // failed would skip that page's older deals for good. A failed run lists everything again (known deals are skipped).
        if (listedMax > cursorAt && !ct.IsCancellationRequested)
        {
            await sync.AdvanceAsync(CursorName, listedMax, clock.GetUtcNow(), ct);
            cursorAt = listedMax;
        }

        await sync.RecordRunAsync(CursorName, cursorAt, clock.GetUtcNow(), found, ct);
        if (missed > 0) LogWebhookMayBeDeactivated(missed, WebhookSettings);
        else LogRunDone();
        return found;
    }

    private async Task<bool> RecordAsync(SalesOsDeal deal, string dealId, DateTimeOffset updatedAt, CancellationToken ct)
    {
        var envelope = new SalesOsEnvelope(EventIdPrefix + dealId, SalesOsEnvelope.DealWonType, updatedAt, new SalesOsData(deal));
        await using var scope = scopes.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<DealIntake>();
        var result = await intake.RecordAsync(envelope.ToDealWon(), ct);
        if (result.ToAdvance is { } accepted) background.Start(accepted);
        var recorded = result.Outcome is DealIntake.Outcome.Accepted or DealIntake.Outcome.Corrected or DealIntake.Outcome.Rejected;
        if (recorded) LogRecovered(dealId, result.Outcome);
        return recorded;
    }

    private static (SalesOsDeal? Deal, DateTimeOffset? UpdatedAt, string? Status) Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) return (null, null, null);
        SalesOsDeal? deal;
        try
        {
            deal = element.Deserialize<SalesOsDeal>(Json);
        }
        catch (JsonException)
        {
            deal = null;
        }
        DateTimeOffset? updatedAt = null;
        foreach (var name in new[] { "updated_at", "updatedAt" })
            if (element.TryGetProperty(name, out var u) && u.ValueKind == JsonValueKind.String && u.TryGetDateTimeOffset(out var at))
                updatedAt = at;
        var status = element.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return (deal, updatedAt, status);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SalesOS catch-up recorded won deal {DealId} the webhook never delivered ({Outcome})")]
    private partial void LogRecovered(string dealId, DealIntake.Outcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SalesOS catch-up found {Count} won deals the webhook never delivered: the SalesOS webhook may be deactivated (SalesOS deactivates it after 10 consecutive failed deliveries). Reactivate it in {Where} and send a test event")]
    private partial void LogWebhookMayBeDeactivated(int count, string where);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SalesOS catch-up: every won deal is known")]
    private partial void LogRunDone();

    [LoggerMessage(Level = LogLevel.Warning, Message = "SalesOS catch-up stopped ({Failure}); the next run lists again from the last complete run")]
    private partial void LogRunFailed(string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "SalesOS catch-up could not read won deal {DealId} as SalesOS listed it; it is not recorded: send it through POST /api/deals once its data is fixed")]
    private partial void LogUnreadable(string? dealId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SalesOS catch-up skipped a deal whose id cannot key a deal ({DealId})")]
    private partial void LogUnkeyable(string? dealId);
}
