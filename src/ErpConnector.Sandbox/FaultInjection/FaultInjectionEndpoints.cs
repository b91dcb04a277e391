using System.Text.Json;

namespace ErpConnector.Sandbox.FaultInjection;

/// <summary><c>/_sandbox/faults</c>: arm, list and clear injected misbehaviours.</summary>
public static class FaultInjectionEndpoints
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static void MapFaultInjection(this IEndpointRouteBuilder app)
    {
        // Accepts one injection object or an array of them, so a test can arm a whole script in one request.
        app.MapPost("/_sandbox/faults", async (HttpRequest request, InjectionBoard board) =>
        {
            List<Injection>? armed;
            try
            {
                using var body = await JsonDocument.ParseAsync(request.Body);
                armed = body.RootElement.ValueKind == JsonValueKind.Array
                    ? body.RootElement.Deserialize<List<Injection>>(Wire)
                    : [body.RootElement.Deserialize<Injection>(Wire)!];
            }
            catch (JsonException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            if (armed is null or []) return Results.Problem("no injection given", statusCode: StatusCodes.Status400BadRequest);
            if (armed.Select(InjectionKinds.Problem).FirstOrDefault(p => p is not null) is { } problem)
            {
                return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
            }
            armed.ForEach(board.Arm);
            return Results.Json(board.Snapshot(), Wire, statusCode: StatusCodes.Status201Created);
        });

        app.MapGet("/_sandbox/faults", (InjectionBoard board) => Results.Json(board.Snapshot(), Wire));

        app.MapDelete("/_sandbox/faults", (InjectionBoard board) =>
        {
            board.Clear();
            return Results.NoContent();
        });
    }
}
