using System.Diagnostics;

namespace ErpConnector.Service.Observability;

/// <summary>
/// Every HTTP request gets a correlation id: the caller's <c>X-Correlation-Id</c> when it sends a sane one, else
/// the trace id. It is echoed in the response and put in the logging scope (<c>CorrelationId</c>) and on the
/// current span, so a request's logs, traces and the API's <c>requestId</c> can be matched.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string HeaderName = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext http)
    {
        var incoming = http.Request.Headers[HeaderName].ToString();
        var id = IsSane(incoming) ? incoming : Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        http.Response.Headers[HeaderName] = id;
        Activity.Current?.SetTag("correlation.id", id);
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id, ["RequestId"] = http.TraceIdentifier }))
            await next(http);
    }

    private static bool IsSane(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
