using Microsoft.Extensions.Logging;

namespace ErpConnector.Omie.Internal;

/// <summary>Structured log events of the client. Request bodies (which carry app_secret) are never logged;
/// fault texts are redacted before they get here.</summary>
internal static partial class OmieLog
{
    // Debug, not Information: at hundreds of deals a second a line per successful call is noise and cost.
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
        Message = "Omie {Module}{Method} answered HTTP {HttpStatus} in {ElapsedMs} ms (waited {WaitMs} ms for the limiter)")]
    public static partial void CallSucceeded(ILogger logger, string module, string method, int httpStatus, long elapsedMs, long waitMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Omie {Module}{Method} fault {FaultCode} ({FaultKind}) HTTP {HttpStatus} in {ElapsedMs} ms: {FaultString}")]
    public static partial void CallFaulted(ILogger logger, string module, string method, string faultCode, OmieFaultKind faultKind, int httpStatus, long elapsedMs, string faultString);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug,
        Message = "Omie {Module}{Method} fault {FaultCode} ({FaultKind}) HTTP {HttpStatus} in {ElapsedMs} ms: {FaultString}")]
    public static partial void CallFaultedExpected(ILogger logger, string module, string method, string faultCode, OmieFaultKind faultKind, int httpStatus, long elapsedMs, string faultString);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "Omie {Module}{Method} transport failure (HTTP {HttpStatus}) after {ElapsedMs} ms: {Reason}; the call may or may not have been applied")]
    public static partial void CallTransportFailed(ILogger logger, string module, string method, int? httpStatus, long elapsedMs, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Critical,
        Message = "Omie blocked the app ({FaultCode}, HTTP {HttpStatus}): every Omie call is paused until {PausedUntil:O}. {FaultString}")]
    public static partial void AppBlocked(ILogger logger, string faultCode, int httpStatus, DateTimeOffset pausedUntil, string faultString);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information,
        Message = "Omie {Method}: customer already registered under id {OmieId} (integration code '{ExistingIntegrationCode}'); reusing it for '{IntegrationCode}'")]
    public static partial void CustomerReused(ILogger logger, string method, long omieId, string existingIntegrationCode, string integrationCode);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning,
        Message = "Omie {Module}{Method} not sent: it waited more than {MaxQueueWait} for its record lock, a pause or the rate limits (Omie:MaxQueueWait)")]
    public static partial void QueueWaitExceeded(ILogger logger, string module, string method, TimeSpan maxQueueWait);
}
