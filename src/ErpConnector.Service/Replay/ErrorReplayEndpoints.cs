using ErpConnector.Service.Api;

namespace ErpConnector.Service.Replay;

/// <summary>Request body of POST /api/errors/deal-won/replay.</summary>
public sealed record ReplayRequest(string[]? MessageIds, string? Reason, string? Operator);

/// <summary>
/// The deal.won error queue for operators: list what failed (with MassTransit's fault reason), and after a fix
/// re-publish selected messages to deal.won, each one audited.
/// Access: /api/errors is in <see cref="Security.ApiScopes"/>' path table — GETs need deals:read, the replay
/// POST needs deals:write; the authenticated caller's name is the audit's operator.
/// </summary>
public static class ErrorReplayEndpoints
{
    public static IServiceCollection AddErrorReplay(this IServiceCollection services)
    {
        services.AddSingleton<ErrorQueue>();
        services.AddSingleton<ErrorReplayAudit>();
        services.AddSingleton<ErrorReplayRun>();
        return services;
    }

    public static IEndpointRouteBuilder MapErrorReplayEndpoints(this IEndpointRouteBuilder app)
    {
        var errors = app.MapGroup("/api/errors/deal-won");

        errors.MapGet("/", async (int? limit, ErrorQueue queue, HttpContext http, CancellationToken ct) =>
        {
            if (queue.BrokerUri is null) return NoBroker(http);
            var (items, total) = await queue.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), ct);
            return Results.Ok(new { queue = queue.QueueName, total, items });
        });

        errors.MapPost("/replay", async (ReplayRequest? request, ErrorQueue queue, ErrorReplayRun replay, HttpContext http, CancellationToken ct) =>
        {
            if (queue.BrokerUri is null) return NoBroker(http);
            var ids = request?.MessageIds?.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToArray() ?? [];
            if (ids.Length == 0)
                return ApiError.Problem(http, 400, "replay.no_selection", "Send {\"messageIds\": [\"...\"], \"reason\": \"...\"} with ids from GET /api/errors/deal-won.");
            if (ids.Length > 1000)
                return ApiError.Problem(http, 400, "replay.too_many", "Replay at most 1000 messages per request.");
            var operatorName = http.User.Identity?.IsAuthenticated == true && http.User.Identity.Name is { Length: > 0 } user ? user
                : http.Request.Headers["X-Operator"].FirstOrDefault() is { Length: > 0 } header ? header
                : request!.Operator is { Length: > 0 } named ? named : "anonymous";
            var results = await replay.ReplayAsync(ids, operatorName, request!.Reason, ct);
            return Results.Ok(new
            {
                queue = queue.QueueName,
                replayed = results.Count(r => r.Outcome == "republished"),
                notFound = results.Count(r => r.Outcome == "not-found"),
                results,
            });
        });

        errors.MapGet("/replays", async (int? limit, ErrorReplayAudit audit, CancellationToken ct) =>
            Results.Ok(new { items = await audit.RecentAsync(Math.Clamp(limit ?? 100, 1, 1000), ct) }));

        return app;
    }

    private static IResult NoBroker(HttpContext http) =>
        ApiError.Problem(http, 503, "errors.no_broker", "The service runs on the in-memory bus (no Messaging:RabbitMqUri / RABBITMQ_URI): there is no error queue to read.");
}
