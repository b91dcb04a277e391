using System.Text.Json;
using System.Text.RegularExpressions;
using ErpConnector.Service.Security;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Api;

/// <summary>Where in a JSON body it went wrong. Line and position are 1-based (System.Text.Json counts from 0),
/// position in bytes within the line, as an editor shows them for ASCII text.</summary>
public sealed record JsonBodyLocation(string? Path, long? Line, long? Position);

/// <summary>
/// Turns the framework's refusal of a request (<see cref="BadHttpRequestException"/>, usually wrapping the
/// <see cref="JsonException"/> of the body) into the API's error shape: which code, a message saying the fix, and
/// the JSON path, line and position. The body itself is never copied into the answer, only the field's path.
/// </summary>
public static partial class RequestBodyErrors
{
    public static (int Status, ApiError Error) FromBadRequest(HttpContext http, BadHttpRequestException ex)
    {
        var id = http.TraceIdentifier;
        switch (ex.StatusCode)
        {
            case StatusCodes.Status415UnsupportedMediaType:
                return (415, ContentType(http));
            case StatusCodes.Status413PayloadTooLarge:
                return (413, TooLarge(http));
        }
        if (ex.InnerException is JsonException json)
            return (400, FromJson(http, json));
        if (BodyIsEmpty(http.Request))
            return (400, Required(http));
        // Route and query values (the framework's message names the parameter and the value it could not read).
        return (ex.StatusCode, new ApiError(ApiErrorCodes.RequestInvalid,
            $"{Shorten(ex.Message)} Fix that parameter's value and send the request again.", null, id));
    }

    /// <summary>The answer to a JSON body that could not be read into the endpoint's type.</summary>
    public static ApiError FromJson(HttpContext http, JsonException ex)
    {
        // The reader's own exception inside means the text is not JSON at all; without it, it parsed but did not fit.
        var syntax = ex.InnerException is JsonException;
        if (BodyIsEmpty(http.Request) || (syntax && IsBlank(ex))) return Required(http);
        var location = Locate(ex);
        var at = $"line {location.Line}, position {location.Position}";
        if (syntax)
            return new ApiError(ApiErrorCodes.BodyMalformed,
                $"The request body is not valid JSON ({at}): {Reason(ex)} Check that the body is complete (every brace and bracket closed) and that nothing follows the closing brace.",
                Details(location), http.TraceIdentifier);

        var expected = ExpectedKind(ex);
        var message = location.Path is null or "$"
            ? $"The request body must be one JSON object {{...}} ({at}); send the fields as an object, not an array or a bare value."
            : $"The value of '{location.Path}' has the wrong type ({at}); send it as {expected ?? "the type the API documents"}.";
        return new ApiError(ApiErrorCodes.BodyInvalidType, message, Details(location, expected), http.TraceIdentifier);
    }

    public static ApiError ContentType(HttpContext http) => new(ApiErrorCodes.BodyContentType,
        string.IsNullOrEmpty(http.Request.ContentType)
            ? $"The request has no Content-Type; send the body as JSON with 'Content-Type: {ApiErrorCodes.JsonContentType}'."
            : $"The body is sent as '{Shorten(http.Request.ContentType)}'; send it as JSON with 'Content-Type: {ApiErrorCodes.JsonContentType}'.",
        new { accepted = new[] { ApiErrorCodes.JsonContentType }, received = http.Request.ContentType is { Length: > 0 } c ? Shorten(c) : null },
        http.TraceIdentifier);

    /// <summary>
    /// 413 for a body that crossed the limit while being read (sent chunked, without Content-Length): minimal APIs then
    /// set the status without throwing, and the answer must be the same <c>request.too_large</c> as when
    /// Content-Length announced it (written by the body-limit middleware).
    /// </summary>
    public static ApiError TooLarge(HttpContext http)
    {
        var limit = http.RequestServices.GetService<IOptions<SecurityOptions>>()?.Value.MaxRequestBodyBytes;
        return new(ApiErrorCodes.RequestTooLarge,
            limit is { } bytes ? $"The request body is larger than {bytes} bytes ({bytes / 1024} KiB); send a smaller body." : "The request body is too large; send a smaller body.",
            limit is null ? null : new { limitBytes = limit },
            http.TraceIdentifier);
    }

    public static ApiError Required(HttpContext http) => new(ApiErrorCodes.BodyRequired,
        $"The request body is empty; send a JSON object with 'Content-Type: {ApiErrorCodes.JsonContentType}' (see contracts/README.md for its fields).",
        null, http.TraceIdentifier);

    public static JsonBodyLocation Locate(JsonException ex) =>
        new(ex.Path, ex.LineNumber + 1, ex.BytePositionInLine + 1);

    private static object Details(JsonBodyLocation location, string? expected = null) =>
        expected is null
            ? new { path = location.Path, line = location.Line, position = location.Position }
            : new { path = location.Path, line = location.Line, position = location.Position, expected };

    private static bool BodyIsEmpty(HttpRequest request) => request.ContentLength == 0;

    // A body of only whitespace under a JSON content type: nothing to read, like an empty one.
    private static bool IsBlank(JsonException ex) =>
        ex.InnerException!.Message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal);

    /// <summary>The reader's reason without the location suffix; it quotes at most the one offending character.</summary>
    private static string Reason(JsonException ex)
    {
        var message = (ex.InnerException as JsonException)?.Message ?? ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (message.IndexOf(" Path:", StringComparison.Ordinal) is >= 0 and var path && (cut < 0 || path < cut)) cut = path;
        return Shorten((cut >= 0 ? message[..cut] : message).Trim().TrimEnd('|').Trim());
    }

    /// <summary>What a field should have been, from the CLR type the serializer names ("could not be converted to System.Decimal").</summary>
    private static string? ExpectedKind(JsonException ex)
    {
        var match = TargetType().Match(ex.Message);
        if (!match.Success) return null;
        var type = match.Groups["type"].Value;
        if (type.StartsWith("System.Nullable`1[", StringComparison.Ordinal)) type = type["System.Nullable`1[".Length..].TrimEnd(']');
        if (type.EndsWith("[]", StringComparison.Ordinal)) return "a JSON array [...]";
        var bare = type.Split('`', '[')[0];
        return bare[(bare.LastIndexOf('.') + 1)..] switch
        {
            "String" or "Char" or "Guid" => "a JSON string",
            "Decimal" or "Double" or "Single" or "Int16" or "Int32" or "Int64" or "UInt16" or "UInt32" or "UInt64" or "Byte" => "a JSON number",
            "Boolean" => "true or false",
            "DateTimeOffset" or "DateTime" or "DateOnly" => "an ISO 8601 date-time string, e.g. \"2026-11-22T14:00:00-03:00\"",
            var name when name.Contains("List", StringComparison.Ordinal) || name.Contains("Enumerable", StringComparison.Ordinal)
                          || name.Contains("Collection", StringComparison.Ordinal) => "a JSON array [...]",
            _ => "a JSON object {...}",
        };
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex(@"could not be converted to (?<type>[^\s]+?)\.?\s+(Path|LineNumber)", RegexOptions.CultureInvariant)]
    private static partial Regex TargetType();
}
