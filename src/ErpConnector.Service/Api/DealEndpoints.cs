using ErpConnector.Contracts;
using ErpConnector.Persistence.Deals;
using ErpConnector.Service.Deals;
using MassTransit;

namespace ErpConnector.Service.Api;

/// <summary>Deals over HTTP: publish one without AMQP, see where a deal is, list the ones needing attention, retry a failed one.</summary>
public static class DealEndpoints
{
    private static readonly string[] Filters = [.. DealState.All, "stuck", "uncertain"];

    public static IEndpointRouteBuilder MapDealEndpoints(this IEndpointRouteBuilder app)
    {
        var deals = app.MapGroup("/api/deals");

        deals.MapPost("/", async (DealWon? deal, IPublishEndpoint publisher, HttpContext http, CancellationToken ct) =>
        {
            if (deal is null)
                return ApiError.Problem(http, 400, "body.required", "Send the DealWon JSON (see contracts/README.md) as the request body.");
            // Validation happens in the consumer so HTTP and AMQP publishers get the same verdict (DealRejected).
            await publisher.Publish(deal, ct);
            return Results.Accepted($"/api/deals/{Uri.EscapeDataString(deal.DealId)}", new { deal.DealId, deal.EventId, status = "accepted" });
        });

        deals.MapGet("/{dealId}", async (string dealId, IDealLedger ledger, HttpContext http, CancellationToken ct) =>
        {
            var deal = await ledger.GetAsync(dealId, ct);
            if (deal is null) return ApiError.NotFound(http, "deal.not_found", $"No deal '{dealId}' in the ledger.");
            var history = await ledger.HistoryAsync(dealId, ct);
            return Results.Ok(DealView.From(deal, history));
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
            await retry.RetryAsync(dealId, ct) switch
            {
                DealRetry.Outcome.NotFound => ApiError.NotFound(http, "deal.not_found", $"No deal '{dealId}' in the ledger."),
                DealRetry.Outcome.NotRetryable => ApiError.Problem(http, 409, "deal.not_retryable",
                    "Only failed or stuck deals can be retried; issued deals are done and rejected deals need a corrected deal.won."),
                DealRetry.Outcome.Busy => ApiError.Problem(http, 409, "deal.busy", "A worker is advancing this deal right now; try again in a moment."),
                _ => Results.Accepted($"/api/deals/{Uri.EscapeDataString(dealId)}", new { dealId, status = "retrying" }),
            });

        return app;
    }
}
