using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ErpConnector.Domain.Deals;
using ErpConnector.Omie;
using ErpConnector.Persistence.Omie;
using ErpConnector.Service.Api;
using ErpConnector.Service.Observability;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Webhooks.Omie;

/// <summary>
/// <c>POST /webhooks/omie/{token}</c>: Omie's push events. In order: the path's token (constant time), the envelope,
/// its appKey (constant time, against Omie:AppKey), then the delivery is recorded under its messageId (a duplicate is
/// answered 200 and not recorded again) and answered at once; <see cref="OmiePushProcessor"/> applies it behind the
/// answer, and <see cref="OmiePushSweeper"/> picks up any delivery a crash or a busy deal left unprocessed. Omie
/// retries until it gets a 2xx, so nothing here waits for Omie, the bus or a deal's lease.
/// </summary>
public static partial class OmieWebhookEndpoint
{
    public const string Route = "/webhooks/omie/{token}";
    /// <summary>The longest messageId / topic kept (they become keys and log values).</summary>
    public const int IdMaxLength = 200;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddOmieWebhook(this IServiceCollection services)
    {
        services.AddOptions<OmieWebhookOptions>().BindConfiguration(OmieWebhookOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OmieWebhookOptions>, OmieWebhookOptionsValidation>());
        // The token leaves the path before the hosting layer logs the request (see OmieWebhookTokenLifting).
        services.AddSingleton<IHttpContextFactory>(sp => new OmieWebhookTokenLifting(new DefaultHttpContextFactory(sp)));
        services.AddSingleton<OmiePushProcessor>();
        services.AddHostedService<OmiePushSweeper>();
        return services;
    }

    public static IEndpointRouteBuilder MapOmieWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, HandleAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> HandleAsync(
        string token, HttpContext http, IOptionsMonitor<OmieWebhookOptions> options, IOptions<OmieOptions> omie, OmiePushDeliveries deliveries,
        OmiePushProcessor processor, ConnectorMetrics metrics, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        var log = loggers.CreateLogger(typeof(OmieWebhookEndpoint));
        var settings = options.CurrentValue;
        // Lifted out of the path before the request was logged; the route value is then only a placeholder.
        token = http.Features.Get<OmieWebhookToken>()?.Value ?? token;
        if (settings.Token.Length == 0)
            return Refuse(http, metrics, 503, "webhook.not_configured", "The Omie webhook is not configured (Webhooks:Omie:Token is empty).");
        if (!SameSecret(token, settings.Token))
        {
            LogBadToken(log);
            return Refuse(http, metrics, 401, "webhook.token_invalid", "The path's token does not match Webhooks:Omie:Token.");
        }

        using var buffer = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(buffer, ct); // bounded by the 1 MB request limit
        }
        catch (BadHttpRequestException ex)
        {
            // Answered here rather than by the error middleware, whose log line names the path, i.e. the token.
            var (status, error) = RequestBodyErrors.FromBadRequest(http, ex);
            metrics.OmiePush("any", error.Code);
            return Results.Json(error, statusCode: status);
        }
        OmiePushEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<OmiePushEnvelope>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Json);
        }
        catch (JsonException ex)
        {
            return Refuse(http, metrics, 400, "webhook.invalid_envelope", $"The body is not an Omie webhook envelope: {ex.Message}");
        }
        if (envelope is not { MessageId.Length: > 0, Topic.Length: > 0 })
            return Refuse(http, metrics, 400, "webhook.invalid_envelope", "The envelope needs messageId, topic, event and appKey.");
        if (!IsShortPrintable(envelope.MessageId) || !IsShortPrintable(envelope.Topic))
            return Refuse(http, metrics, 400, "webhook.invalid_envelope",
                $"messageId and topic must be at most {IdMaxLength} printable ASCII characters (no control characters or line breaks).");
        if (omie.Value.AppKey.Length == 0 || !SameSecret(envelope.AppKeyText, omie.Value.AppKey))
        {
            LogWrongAppKey(log, envelope.MessageId);
            return Refuse(http, metrics, 403, "webhook.app_key_mismatch", "The envelope's appKey is not this connector's Omie app (Omie:AppKey).");
        }

        try
        {
            return await RecordAsync(envelope, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), deliveries, processor, metrics, clock, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The ledger is unreachable: Omie retries until a 2xx, so a 503 loses nothing. Logged here without the path
            // (the error middleware would log it, and the path holds the token).
            LogRecordFailed(log, ex, envelope.MessageId);
            return Refuse(http, metrics, 503, "webhook.unavailable", "The delivery could not be recorded right now; it will be accepted when Omie retries.");
        }
    }

    private static async Task<IResult> RecordAsync(OmiePushEnvelope envelope, string body, OmiePushDeliveries deliveries, OmiePushProcessor processor,
        ConnectorMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (messageId, topic) = (envelope.MessageId!, envelope.Topic!); // checked by the caller
        if (!OmiePushTopics.Handled.Contains(topic))
        {
            // Recorded (so a repeat is a duplicate) and counted; the topic label is bounded to the handled ones.
            await deliveries.TryRecordAsync(messageId, topic, null, body, OmiePushDeliveries.Ignored, now, ct);
            metrics.OmiePush("other", "ignored");
            return Results.Ok(new { messageId = messageId, status = "ignored", message = $"Topic '{topic}' is not handled; acknowledged." });
        }

        // Recorded before the answer: once Omie hears 2xx the delivery is the connector's to apply, crash or not.
        if (!await deliveries.TryRecordAsync(messageId, topic, envelope.Long("codigo_os"), body, OmiePushDeliveries.Received, now, ct))
        {
            metrics.OmiePush(topic, "duplicate");
            return Results.Ok(new { messageId = messageId, status = "duplicate", message = "Already received; not applied again." });
        }
        metrics.OmiePush(topic, "accepted");
        processor.Start(messageId);
        return Results.Ok(new { messageId = messageId, status = "accepted" });
    }

    /// <summary>Constant-time comparison of two secrets, whatever their lengths (hashes are compared, not the texts).</summary>
    internal static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static bool IsShortPrintable(string value) => value.Length <= IdMaxLength && DealWonValidator.IsPrintableAscii(value);

    private static IResult Refuse(HttpContext http, ConnectorMetrics metrics, int status, string code, string message)
    {
        metrics.OmiePush("any", code["webhook.".Length..]);
        return ApiError.Problem(http, status, code, message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Omie webhook refused: the path's token does not match (the token is not logged)")]
    private static partial void LogBadToken(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Omie delivery {MessageId} could not be recorded; answered 503 so Omie retries")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Omie delivery {MessageId} refused: its appKey is not this connector's Omie app")]
    private static partial void LogWrongAppKey(ILogger logger, string messageId);
}
