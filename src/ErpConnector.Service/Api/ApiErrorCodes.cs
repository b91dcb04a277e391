namespace ErpConnector.Service.Api;

/// <summary>
/// The generic <c>code</c>s of <see cref="ApiError"/> written by <see cref="ApiErrorMiddleware"/> for failures no endpoint
/// answers itself. They are a contract (README "HTTP API" lists them): clients branch on them, so never rename one.
/// </summary>
public static class ApiErrorCodes
{
    /// <summary>400: the body is not valid JSON (truncated, text after the closing brace, a stray character).</summary>
    public const string BodyMalformed = "body.malformed";

    /// <summary>400: valid JSON, but a value has the wrong type for its field (or the body is not an object).</summary>
    public const string BodyInvalidType = "body.invalid_type";

    /// <summary>400: the endpoint needs a body and none was sent.</summary>
    public const string BodyRequired = "body.required";

    /// <summary>415: the body is not sent as <c>application/json</c>.</summary>
    public const string BodyContentType = "body.content_type";

    /// <summary>400: a route or query parameter could not be read (e.g. <c>?limit=abc</c>).</summary>
    public const string RequestInvalid = "request.invalid";

    /// <summary>413: the body is over the size limit (written by the body-limit middleware).</summary>
    public const string RequestTooLarge = "request.too_large";

    /// <summary>404: no route matches the path.</summary>
    public const string RouteNotFound = "route.not_found";

    /// <summary>405: the path exists but not for this HTTP method; <c>details.allowed</c> lists the ones it takes.</summary>
    public const string MethodNotAllowed = "method.not_allowed";

    /// <summary>500: an unexpected failure; the message is generic and the log holds the cause under the requestId.</summary>
    public const string Internal = "internal";

    /// <summary>Any other error status an endpoint set without a body: <c>http.&lt;status&gt;</c>, e.g. <c>http.409</c>.</summary>
    public static string ForStatus(int status) => $"http.{status}";

    public const string JsonContentType = "application/json";
}
