using ErpConnector.Service.Observability;

namespace ErpConnector.Service.Api;

/// <summary>
/// Makes every error answer carry the API's one shape <c>{code, message, details, requestId}</c>, whatever produced it:
/// a body the framework could not bind (bad JSON, wrong type, wrong content type), an unknown route or method, an
/// endpoint that set an error status without a body, or an unhandled exception. It sits right after the correlation
/// middleware, so it also shapes what the security middleware and every endpoint let through.
/// </summary>
public sealed partial class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> log)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
        {
            var (status, error) = RequestBodyErrors.FromBadRequest(http, ex);
            LogRefused(log, http.Request.Method, http.Request.Path, status, error.Code);
            await WriteAsync(http, status, error, reset: true);
            return;
        }
        catch (Exception ex) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            // The message and stack trace stay in the log; the caller gets the requestId to quote.
            LogUnhandled(log, ex, http.Request.Method, http.Request.Path, http.TraceIdentifier);
            await WriteAsync(http, StatusCodes.Status500InternalServerError, new ApiError(ApiErrorCodes.Internal,
                "The service failed unexpectedly while handling this request. Try again later; if it keeps failing, give support the requestId.",
                null, http.TraceIdentifier), reset: true);
            return;
        }

        var response = http.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
            await WriteAsync(http, response.StatusCode, ForEmptyStatus(http), reset: false);
    }

    /// <summary>An error status set with no body: an unmatched route, the router's 405, or an endpoint's bare status.</summary>
    private static ApiError ForEmptyStatus(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var method = http.Request.Method;
        var path = http.Request.Path.Value ?? "/";
        var id = http.TraceIdentifier;
        return status switch
        {
            StatusCodes.Status404NotFound when http.GetEndpoint() is null => new ApiError(ApiErrorCodes.RouteNotFound,
                $"There is no route {method} {path}; check the path against the API document at /openapi/v1.json.", new { method, path }, id),
            StatusCodes.Status405MethodNotAllowed => MethodNotAllowed(http, method, path),
            StatusCodes.Status415UnsupportedMediaType => RequestBodyErrors.ContentType(http),
            StatusCodes.Status413PayloadTooLarge => RequestBodyErrors.TooLarge(http),
            >= 500 => new ApiError(ApiErrorCodes.ForStatus(status),
                "The service could not complete this request. Try again later; if it keeps failing, give support the requestId.", null, id),
            _ => new ApiError(ApiErrorCodes.ForStatus(status), $"The request was refused with HTTP {status}.", null, id),
        };
    }

    private static ApiError MethodNotAllowed(HttpContext http, string method, string path)
    {
        // The router's 405 endpoint lists the methods the path takes in the Allow header.
        var allowed = http.Response.Headers.Allow.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var use = allowed.Length > 0 ? $"; use {string.Join(" or ", allowed)}" : "";
        return new ApiError(ApiErrorCodes.MethodNotAllowed, $"{path} does not take {method}{use}.", new { method, path, allowed }, http.TraceIdentifier);
    }

    private static Task WriteAsync(HttpContext http, int status, ApiError error, bool reset)
    {
        if (reset)
        {
            // Drop whatever the failed handler set, but keep the correlation id the caller matches logs with.
            var correlation = http.Response.Headers[CorrelationIdMiddleware.HeaderName];
            http.Response.Clear();
            if (correlation.Count > 0) http.Response.Headers[CorrelationIdMiddleware.HeaderName] = correlation;
        }
        return Results.Json(error, statusCode: status).ExecuteAsync(http);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path} with {Status} {Code}")]
    private static partial void LogRefused(ILogger logger, string method, string path, int status, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure on {Method} {Path}; answered 500 internal with requestId {RequestId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string requestId);
}
