using System.Text.Json;

namespace ErpConnector.Sandbox.Omie.Pushes;

/// <summary><c>/_sandbox/omie/pushes</c>: point the webhook at a connector started after the simulator, and read the queue.</summary>
public static class PushEndpoints
{
    public static void MapPushes(this IEndpointRouteBuilder app)
    {
        app.MapPost("/_sandbox/omie/pushes", async (HttpRequest request, PushOutbox outbox) =>
        {
            string? url;
            try
            {
                using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                url = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("url", out var u) && u.ValueKind is JsonValueKind.String or JsonValueKind.Null
                    ? u.GetString()
                    : throw new JsonException("expected {\"url\": \"http://…\"} (empty or null turns pushes off)");
            }
            catch (JsonException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            url ??= "";
            if (url.Length > 0 && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                return Results.Problem("url must be an absolute http(s) URL, or empty to turn pushes off", statusCode: StatusCodes.Status400BadRequest);
            }
            outbox.Point(url);
            return Results.Json(outbox.View());
        });

        app.MapGet("/_sandbox/omie/pushes", (PushOutbox outbox) => Results.Json(outbox.View()));
    }
}
