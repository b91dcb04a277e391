using System.Text.Json;

namespace ErpConnector.SalesOs;

/// <summary>Reads SalesOS's error body: <c>{code, message, details, request_id}</c>, flat or under <c>error</c>
/// (UNCONFIRMED which); <c>details</c> may be strings or objects naming the field. Never throws.</summary>
internal static class SalesOsErrorBody
{
    private const int MaxText = 500;

    public static SalesOsError? Read(string? content, string? requestIdHeader)
    {
        if (string.IsNullOrWhiteSpace(content)) return requestIdHeader is null ? null : new SalesOsError(null, null, [], Clip(requestIdHeader));
        try
        {
            using var doc = JsonDocument.Parse(content);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new SalesOsError(null, Clip(content), [], Clip(requestIdHeader));
            // Auth0's token endpoint: {"error":"access_denied","error_description":"Unauthorized"}.
            if (root.TryGetProperty("error", out var oauth) && oauth.ValueKind == JsonValueKind.String)
                return new SalesOsError(Clip(oauth.GetString()), Text(root, "error_description"), [], Clip(requestIdHeader));
            if (root.TryGetProperty("error", out var nested) && nested.ValueKind == JsonValueKind.Object) root = nested;
            var details = new List<string>();
            if (root.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Array)
                foreach (var item in d.EnumerateArray().Take(20))
                    details.Add(Clip(item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText())!);
            return new SalesOsError(Text(root, "code"), Text(root, "message"), details, Text(root, "request_id") ?? Text(root, "requestId") ?? Clip(requestIdHeader));
        }
        catch (JsonException)
        {
            return new SalesOsError(null, Clip(content), [], Clip(requestIdHeader));
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? Clip(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

    private static string? Clip(string? s) => s is null ? null : s.Length <= MaxText ? s : s[..MaxText] + "…";
}
