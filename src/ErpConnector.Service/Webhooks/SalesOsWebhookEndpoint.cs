using System.Text.Json;
using ErpConnector.Domain.Deals;
using ErpConnector.Service.Api;
using ErpConnector.Service.Deals;
using ErpConnector.Service.Observability;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Webhooks;

/// <summary>
/// <c>POST /webhooks/salesos</c>: SalesOS's deal.won deliveries → DealWon on the bus. In order: signature over
/// the raw body (constant time), envelope, staleness of the signed <c>createdAt</c>, de-duplication by the
/// delivery id in the ledger database, then publish. It only verifies, records and publishes (a few ms), well
/// inside SalesOS's 10-second retry timer; the deal itself is processed by the consumer like any other.
/// </summary>
public static partial class SalesOsWebhookEndpoint
{
    public const string Path = "/webhooks/salesos";
    public const string Source = "salesos";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddSalesOsWebhook(this IServiceCollection services)
    {
        services.AddOptions<SalesOsWebhookOptions>().BindConfiguration(SalesOsWebhookOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SalesOsWebhookOptions>, SalesOsWebhookOptionsValidation>());
        services.AddSingleton<WebhookDeliveryStore>();
        return services;
    }

    public static IEndpointRouteBuilder MapSalesOsWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http, IOptionsMonitor<SalesOsWebhookOptions> options, IOptionsMonitor<SalesOs.SalesOsWriteBackOptions> writeBack, WebhookDeliveryStore deliveries, DealIntake intake, BackgroundDealPass background,
        ConnectorMetrics metrics, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        var log = loggers.CreateLogger(typeof(SalesOsWebhookEndpoint));
        var settings = options.CurrentValue;
        if (settings.Secret.Length == 0)
            return Refuse(http, metrics, 503, "webhook.not_configured", "The SalesOS webhook is not configured (Webhooks:SalesOS:Secret is empty).");

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct); // bounded by the 1 MB request limit
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);

        if (!SalesOsSignature.Verify(body.Span, http.Request.Headers[SalesOsSignature.HeaderName].ToString(), settings.Secret))
        {
            LogBadSignature(log, http.Request.Headers.ContainsKey(SalesOsSignature.HeaderName));
            return Refuse(http, metrics, 401, "webhook.signature_invalid",
                $"The {SalesOsSignature.HeaderName} header must be sha256=<hex HMAC-SHA256 of the raw body with the shared secret>.");
        }

        SalesOsEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<SalesOsEnvelope>(body.Span, Json);
        }
        catch (JsonException ex)
        {
            return Refuse(http, metrics, 400, "webhook.invalid_envelope", $"The body is not a SalesOS envelope: {ex.Message}");
        }
        if (envelope is not { Id.Length: > 0, Type.Length: > 0, CreatedAt: not null })
            return Refuse(http, metrics, 400, "webhook.invalid_envelope", "The envelope needs id, type and createdAt.");
        // The id becomes a key (webhook_deliveries, and the deal's event id) and both are logged: a 10 KB id, a NUL
        // or a line break would be refused by PostgreSQL as a key (a 500 SalesOS retries forever) or forge log lines.
        if (!IsShortPrintable(envelope.Id) || !IsShortPrintable(envelope.Type))
            return Refuse(http, metrics, 400, "webhook.invalid_envelope",
                $"The envelope's id and type must be at most {DealWonValidator.EventIdMaxLength} printable ASCII characters (no control characters or line breaks).");

        using var scope = log.BeginScope(new Dictionary<string, object> { ["EventId"] = envelope.Id, ["EventType"] = envelope.Type });
        var now = clock.GetUtcNow();
        var skew = now - envelope.CreatedAt.Value;
        if (skew.Duration() > settings.Tolerance)
        {
            LogStale(log, envelope.Id, envelope.CreatedAt.Value, (long)skew.TotalSeconds);
            return Refuse(http, metrics, 400, "webhook.stale",
                $"createdAt {envelope.CreatedAt.Value:O} is more than {settings.Tolerance} from the server's time; stale or replayed deliveries are refused.");
        }

        if (!string.Equals(envelope.Type, SalesOsEnvelope.DealWonType, StringComparison.Ordinal))
        {
            await deliveries.TryBeginAsync(Source, envelope.Id, envelope.Type, null, WebhookDeliveryStore.Ignored, now, ct);
            // A deal.updated caused by the connector's own write-back carries its marker: recognised, never acted on.
            if (SalesOs.WriteBackEcho.IsOwnWrite(envelope.Data?.Deal, writeBack.CurrentValue.Fields.SyncMarker))
            {
                LogEcho(log, envelope.Id, envelope.Type, ReceivedIds.ForLog(envelope.Data?.Deal?.Id));
                metrics.WebhookDelivery(Source, "echo");
                return Results.Ok(new { id = envelope.Id, status = "echo", message = "The connector's own write-back, echoed by SalesOS; ignored." });
            }
            metrics.WebhookDelivery(Source, "ignored");
            return Results.Ok(new { id = envelope.Id, status = "ignored", message = $"Event type '{envelope.Type}' is not handled; acknowledged." });
        }

        var deal = envelope.Data?.Deal;
        if (deal is null)
            return Refuse(http, metrics, 400, "webhook.invalid_envelope", "A deal.won envelope needs data.deal.");

        // A deal id the intake will reject (10 KB, NUL) is not copied into the delivery row either.
        var dealId = ReceivedIds.CanKeyADeal(deal.Id) ? deal.Id : null;
        var known = await deliveries.TryBeginAsync(Source, envelope.Id, envelope.Type, dealId, WebhookDeliveryStore.Received, now, ct);
        if (known is WebhookDeliveryStore.Published or WebhookDeliveryStore.Ignored)
        {
            LogDuplicate(log, envelope.Id, ReceivedIds.ForLog(deal.Id));
            metrics.WebhookDelivery(Source, "duplicate");
            return Results.Ok(new { id = envelope.Id, dealId = deal.Id, status = "duplicate", message = "Already received; not published again." });
        }

        // Written to the ledger before the delivery is marked and answered: a crash in between makes SalesOS's retry
        // find the deal (a duplicate), a crash after leaves a leased row the sweeper takes over — never a lost deal.
        var result = await intake.RecordAsync(envelope.ToDealWon(), ct);
        await deliveries.MarkPublishedAsync(Source, envelope.Id, clock.GetUtcNow(), ct);
        if (result.ToAdvance is { } accepted) background.Start(accepted);
        LogAccepted(log, envelope.Id, ReceivedIds.ForLog(deal.Id), result.Outcome);
        metrics.WebhookDelivery(Source, "accepted");
        // 200 even for an invalid deal: SalesOS retrying the same data would not help; finance hears of it (DealRejected).
        return Results.Ok(new
        {
            id = envelope.Id, dealId = deal.Id, status = "accepted",
            outcome = result.Outcome.ToString().ToLowerInvariant(), state = result.State,
            errors = result.Errors.Count > 0 ? result.Errors : null,
        });
    }

    private static bool IsShortPrintable(string value) =>
        value.Length <= DealWonValidator.EventIdMaxLength && DealWonValidator.IsPrintableAscii(value);

    private static IResult Refuse(HttpContext http, ConnectorMetrics metrics, int status, string code, string message)
    {
        metrics.WebhookDelivery(Source, code["webhook.".Length..]);
        return ApiError.Problem(http, status, code, message);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SalesOS delivery {EventId} ({EventType}) for deal {DealId} is the echo of the connector's own write-back; ignored")]
    private static partial void LogEcho(ILogger logger, string eventId, string eventType, string? dealId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SalesOS webhook refused: signature missing or invalid (header present: {HeaderPresent})")]
    private static partial void LogBadSignature(ILogger logger, bool headerPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SalesOS delivery {EventId} refused as stale: createdAt {CreatedAt:O}, {SkewSeconds} s from now")]
    private static partial void LogStale(ILogger logger, string eventId, DateTimeOffset createdAt, long skewSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "SalesOS delivery {EventId} for deal {DealId} already received; not published again")]
    private static partial void LogDuplicate(ILogger logger, string eventId, string? dealId);

    [LoggerMessage(Level = LogLevel.Information, Message = "SalesOS delivery {EventId} recorded for deal {DealId}: {Outcome}")]
    private static partial void LogAccepted(ILogger logger, string eventId, string? dealId, DealIntake.Outcome outcome);
}
