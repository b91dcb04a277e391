using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Runs;
using ErpConnector.Service.Deals;
using ErpConnector.Service.Replay;
using ErpConnector.Service.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Console.Actions;

/// <summary>
/// The console's buttons. Each is a form post (antiforgery-checked) to one of these endpoints, which needs the same
/// scope as its API twin (a read-only session gets 403 whatever it sends), calls the same application service as
/// the API, records who did it, and sends the browser back to the page with the outcome (post/redirect/get).
/// </summary>
public static class ConsoleActionEndpoints
{
    public static IEndpointRouteBuilder MapConsoleActions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/console/deals/{dealId}/retry", async (string dealId, [FromForm] string? confirm, DealRetry retry, ConsoleAudit audit,
            HttpContext http, CancellationToken ct) =>
        {
            var who = http.User.Who();
            var result = await retry.RetryAsync(dealId, ct, who);
            var outcome = result.Outcome switch
            {
                DealRetry.Outcome.Retrying => "retried",
                DealRetry.Outcome.NotFound => "not-found",
                DealRetry.Outcome.NotRetryable => "not-allowed",
                _ => "busy",
            };
            await audit.RecordAsync(who, "retry", "deal:" + dealId, outcome);
            return Results.Redirect(DealPage(dealId, outcome));
        }).RequireAuthorization(ConsoleAccess.Policy(ApiScopes.DealsWrite)).ExcludeFromDescription();

        app.MapPost("/console/deals/{dealId}/dismiss", async (string dealId, [FromForm] string? reason, DealDismissal dismissal, ConsoleAudit audit,
            HttpContext http, CancellationToken ct) =>
        {
            var why = reason?.Trim();
            if (string.IsNullOrEmpty(why)) return Results.Redirect(DealPage(dealId, "reason-required"));
            if (why.Length > DealDismissal.MaxReasonLength) why = why[..DealDismissal.MaxReasonLength];
            var who = http.User.Who();
            var result = await dismissal.DismissAsync(dealId, who, why, ct);
            var outcome = result.Outcome switch
            {
                DealDismissal.Outcome.Dismissed => "dismissed",
                DealDismissal.Outcome.NotFound => "not-found",
                DealDismissal.Outcome.NotDismissable => "not-allowed",
                _ => "busy",
            };
            await audit.RecordAsync(who, "dismiss", "deal:" + dealId, outcome, why);
            return Results.Redirect(DealPage(dealId, outcome));
        }).RequireAuthorization(ConsoleAccess.Policy(ApiScopes.DealsWrite)).ExcludeFromDescription();

        app.MapPost("/console/feeds/{feedId}/refetch", async (string feedId, [FromForm] string? force, FeedRunCoordinator coordinator,
            ConsoleAudit audit, HttpContext http, CancellationToken ct) =>
        {
            var who = http.User.Who();
            var request = await coordinator.RequestAsync(feedId, force == "true", "console:" + who, ct);
            await audit.RecordAsync(who, "refetch", "feed:" + feedId, request is null ? "not-found" : request.Joined ? "joined:" + request.Run.RunId : "queued:" + request.Run.RunId);
            return request is null
                ? Results.Redirect("/console/feeds")
                : Results.Redirect($"/console/feeds/{Uri.EscapeDataString(request.Run.FeedId)}/runs/{Uri.EscapeDataString(request.Run.RunId)}");
        }).RequireAuthorization(ConsoleAccess.Policy(ApiScopes.DistributorsRun)).ExcludeFromDescription();

        app.MapPost("/console/feeds/{feedId}/test-connection", async (string feedId, [FromForm] string? confirm,
            IOptionsMonitor<DistributorsOptions> options, IEnumerable<IPriceFeedAdapter> adapters, ConsoleAudit audit, HttpContext http, CancellationToken ct) =>
        {
            var feed = options.CurrentValue.Find(feedId);
            var adapter = feed is null ? null : adapters.FirstOrDefault(a => string.Equals(a.Kind, feed.Adapter, StringComparison.OrdinalIgnoreCase));
            if (feed is null || adapter is null) return Results.Redirect("/console/feeds");
            var check = await adapter.TestConnectionAsync(feed, ct);
            await audit.RecordAsync(http.User.Who(), "test-connection", "feed:" + feed.Id, check.Ok ? "ok" : "failed:" + check.Step, check.Message);
            return Results.Redirect($"/console/feeds?tested={Uri.EscapeDataString(feed.Id)}#feed-{Uri.EscapeDataString(feed.Id)}");
        }).RequireAuthorization(ConsoleAccess.Policy(ApiScopes.DistributorsRun)).ExcludeFromDescription();

        app.MapPost("/console/errors/replay", async ([FromForm] string? messageId, [FromForm] string? reason, ErrorQueue queue, ErrorReplayRun replay,
            ConsoleAudit audit, HttpContext http, CancellationToken ct) =>
        {
            if (queue.BrokerUri is null || string.IsNullOrWhiteSpace(messageId)) return Results.Redirect("/console/errors");
            var who = http.User.Who();
            var results = await replay.ReplayAsync([messageId], who, reason, ct);
            var outcome = results.FirstOrDefault()?.Outcome ?? "not-found";
            await audit.RecordAsync(who, "replay", "message:" + messageId, outcome, reason);
            return Results.Redirect("/console/errors?replayed=" + Uri.EscapeDataString(outcome));
        }).RequireAuthorization(ConsoleAccess.Policy(ApiScopes.DealsWrite)).ExcludeFromDescription();

        return app;
    }

    private static string DealPage(string dealId, string outcome) => $"/console/deals/{Uri.EscapeDataString(dealId)}?done={outcome}";
}
