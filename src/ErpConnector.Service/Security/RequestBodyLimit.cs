using ErpConnector.Service.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Security;

/// <summary>
/// Refuses request bodies over <see cref="SecurityOptions.MaxRequestBodyBytes"/> (1 MB) with 413 in the API's error
/// shape: at once when Content-Length says so, and when a chunked body crosses the limit while being read
/// (the server's own limit is set to the same value, so nothing larger is ever buffered).
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<SecurityOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = _limit;
        if (http.Request.ContentLength > _limit)
        {
            await WriteAsync(http);
            return;
        }
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
        {
            await WriteAsync(http);
        }
    }

    private Task WriteAsync(HttpContext http)
    {
        // The rest of an oversized body is not read; close the connection rather than drain it.
        http.Response.Headers.Connection = "close";
        return Results.Json(new ApiError("request.too_large",
            $"The request body is larger than {_limit} bytes ({_limit / 1024} KiB); send a smaller body.",
            new { limitBytes = _limit, contentLength = http.Request.ContentLength }, http.TraceIdentifier),
            statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(http);
    }
}
