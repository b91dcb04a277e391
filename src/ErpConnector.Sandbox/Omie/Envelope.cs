using System.Text.Json;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie;

/// <summary>The body every Omie call shares: <c>{"call","app_key","app_secret","param":[{...}]}</c>.</summary>
public sealed record Envelope(string Call, string AppKey, string AppSecret, JsonObject Param)
{
    public static async Task<Envelope> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!IsJson(request.ContentType)) throw Faults.InvalidJsonObject();

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw Faults.JsonSyntaxError();
        }

        try
        {
            return FromBody(body);
        }
        catch (ArgumentException)
        {
            // JsonObject only notices duplicate property names when first read; Omie's parser rejects them as syntax.
            throw Faults.JsonSyntaxError();
        }
    }

    private static Envelope FromBody(JsonNode? body)
    {
        if (body is not JsonObject envelope) throw Faults.InvalidJsonObject();
        if (envelope.Text("call") is not { } call) throw Faults.InvalidJsonObject();
        if (envelope["param"] is not JsonArray { Count: 1 } list || list[0] is not JsonObject param) throw Faults.InvalidJsonObject();
        return new Envelope(call, envelope.Text("app_key") ?? "", envelope.Text("app_secret") ?? "", param);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
