namespace ErpConnector.Service.Api;

/// <summary>The one error shape of the HTTP API, so clients parse every failure the same way.</summary>
public sealed record ApiError(string Code, string Message, object? Details = null, string? RequestId = null)
{
    public static IResult NotFound(HttpContext http, string code, string message) =>
        Results.Json(new ApiError(code, message, null, http.TraceIdentifier), statusCode: StatusCodes.Status404NotFound);

    public static IResult Problem(HttpContext http, int status, string code, string message, object? details = null) =>
        Results.Json(new ApiError(code, message, details, http.TraceIdentifier), statusCode: status);
}
