using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using ErpConnector.Service.Deals;

namespace ErpConnector.Service.Api;

/// <summary>Deals over HTTP: send one without AMQP, see where a deal is, list the ones needing attention, retry a failed one.</summary>
public static class DealEndpoints
{
    private static readonly string[] Filters = [.. DealState.All, "stuck", "uncertain"];

    public static IEndpointRouteBuilder MapDealEndpoints(this IEndpointRouteBuilder app)
    {
        var deals = app.MapGroup("/api/deals");

        deals.MapPost("/", async (DealWon? won, DealIntake intake, BackgroundDealPass background, HttpContext http, CancellationToken ct) =>
        {
            if (won is null)
                return ApiError.Problem(http, 400, "body.required", "Send the DealWon JSON (see contracts/README.md) as the request body.");
            // Written before the answer (never only published): on the in-memory bus a crash after a 202 would lose it.
            var result = await intake.RecordAsync(won, ct);
            var location = $"/api/deals/{Uri.EscapeDataString(won.DealId ?? "")}";
            switch (result.Outcome)
            {
                case DealIntake.Outcome.Accepted or DealIntake.Outcome.Corrected:
                    background.Start(result.ToAdvance!);
                    return Results.Accepted(location, new { won.DealId, won.EventId, status = "accepted", state = result.State });
                case DealIntake.Outcome.Duplicate:
                    return Results.Ok(new { won.DealId, won.EventId, status = "already-known", state = result.State });
                case DealIntake.Outcome.Ignored:
                    return ApiError.Problem(http, 409, "deal.conflict",
                        $"Deal '{won.DealId}' is already '{result.State}'; this invalid deal.won was noted in its history and ignored.",
                        new { errors = result.Errors });
                default:
                    // Same verdict as on the bus (DealRejected is published too), but the caller hears it at once.
                    return ApiError.Problem(http, 422, "deal.invalid",
                        "The deal was rejected: fix the listed fields and send it again.", new { errors = result.Errors });
            }
        });

        deals.MapGet("/{dealId}", async (string dealId, IDealLedger ledger, ErpConnector.Persistence.SalesOs.SalesOsWriteBackStore writeBacks, HttpContext http, CancellationToken ct) =>
        {
            var deal = await ledger.GetAsync(dealId, ct);
            if (deal is null) return ApiError.NotFound(http, "deal.not_found", $"No deal '{dealId}' in the ledger.");
            var history = await ledger.HistoryAsync(dealId, ct);
            var writeBack = await writeBacks.GetAsync(dealId, ct);
            return Results.Ok(DealView.From(deal, history) with { SalesOs = DealWriteBackView.From(writeBack) });
        });

        deals.MapGet("/", async (string? state, int? page, int? pageSize, IDealLedger ledger, HttpContext http, CancellationToken ct) =>
        {
            if (state is not null && !Filters.Contains(state))
                return ApiError.Problem(http, 400, "state.unknown", $"state must be one of: {string.Join(", ", Filters)}.");
            var p = Math.Max(page ?? 1, 1);
            var size = Math.Clamp(pageSize ?? 50, 1, 500);
            var rows = await ledger.ListAsync(new DealQuery(state, p, size), ct);
            return Results.Ok(new { page = p, pageSize = size, items = rows.Select(r => DealView.From(r, null)) });
        });

        deals.MapPost("/{dealId}/retry", async (string dealId, DealRetry retry, HttpContext http, CancellationToken ct) =>
        {
            var result = await retry.RetryAsync(dealId, ct, http.User.Identity?.Name);
            return result.Outcome switch
            {
                DealRetry.Outcome.NotFound => ApiError.NotFound(http, "deal.not_found", $"No deal '{dealId}' in the ledger."),
                DealRetry.Outcome.NotRetryable => ApiError.Problem(http, 409, "deal.not_retryable",
                    result.Deal!.State switch
                    {
                        DealState.Issued => "This deal is issued: its NFS-e exists and there is nothing to retry.",
                        DealState.Rejected => "This deal was rejected: fix it in the CRM and publish a corrected deal.won; a retry would send the same invalid data.",
                        _ => "Only failed, stuck or uncertain deals can be retried; this one is on its way and will be advanced by the connector.",
                    },
                    new { state = result.Deal.State }),
                DealRetry.Outcome.Busy => ApiError.Problem(http, 409, "deal.busy", "A worker is advancing this deal right now; try again in a moment."),
                _ => Results.Accepted($"/api/deals/{Uri.EscapeDataString(dealId)}", new { dealId, status = "retrying" }),
            };
        });

        deals.MapPost("/{dealId}/dismiss", async (string dealId, DismissRequest? request, DealDismissal dismissal, HttpContext http, CancellationToken ct) =>
        {
            var reason = request?.Reason?.Trim();
            if (string.IsNullOrEmpty(reason))
                return ApiError.Problem(http, 422, "dismiss.reason_required",
                    "Say why the deal is dismissed (field 'reason', e.g. \"NFS-e issued by hand in the city portal\").", new { field = "reason" });
            if (reason.Length > DealDismissal.MaxReasonLength)
                return ApiError.Problem(http, 422, "dismiss.reason_too_long",
                    $"'reason' is longer than {DealDismissal.MaxReasonLength} characters; shorten it.", new { field = "reason", limit = DealDismissal.MaxReasonLength });
            var who = http.User.Identity?.Name is { Length: > 0 } name ? name : "unknown";
            var result = await dismissal.DismissAsync(dealId, who, reason, ct);
            return result.Outcome switch
            {
                DealDismissal.Outcome.NotFound => ApiError.NotFound(http, "deal.not_found", $"No deal '{dealId}' in the ledger."),
                DealDismissal.Outcome.NotDismissable => ApiError.Problem(http, 409, "deal.not_dismissable",
                    "Only failed, rejected, stuck or uncertain deals can be dismissed; this one is issued, already dismissed or on its way.",
                    new { state = result.Deal!.State }),
                DealDismissal.Outcome.Busy => ApiError.Problem(http, 409, "deal.busy", "A worker is advancing this deal right now; try again in a moment."),
                _ => Results.Ok(new { dealId, status = "dismissed", by = who, reason }),
            };
        });

        return app;
    }
}

/// <summary>Body of POST /api/deals/{dealId}/dismiss.</summary>
public sealed record DismissRequest(string? Reason);
