using System.Text.Json;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using ErpConnector.Distributors.Status;
using ErpConnector.Service.Api;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Distributors;

/// <summary>/api/distributors: feed status, on-demand re-fetch and its progress, connection test, prices.</summary>
public static class DistributorEndpoints
{
    public static IEndpointRouteBuilder MapDistributorEndpoints(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("/api/distributors");

        feeds.MapGet("/", async (FeedStatusReader statuses, CancellationToken ct) =>
            Results.Ok(new { feeds = (await statuses.ListAsync(ct)).Select(FeedStatusView.From) }));

        feeds.MapGet("/{id}", async (string id, FeedStatusReader statuses, HttpContext http, CancellationToken ct) =>
            await statuses.GetAsync(id, ct) is { } status ? Results.Ok(FeedStatusView.From(status)) : UnknownFeed(http, id));

        feeds.MapPost("/{id}/refetch", async (string id, bool? force, FeedRunCoordinator coordinator, HttpContext http, CancellationToken ct) =>
        {
            var forced = force ?? await ReadForceAsync(http, ct);
            var request = await coordinator.RequestAsync(id, forced, "api", ct);
            if (request is null) return UnknownFeed(http, id);
            var location = $"/api/distributors/{Uri.EscapeDataString(request.Run.FeedId)}/runs/{request.Run.RunId}";
            return Results.Accepted(location, new
            {
                runId = request.Run.RunId,
                feedId = request.Run.FeedId,
                status = request.Run.Status,
                forced = request.Run.Forced,
                joined = request.Joined,
                message = request.Joined
                    ? "A run of this feed is already going; this is it (no second run was started)."
                    : "Run queued; follow it at the location given.",
                location,
            });
        });

        feeds.MapGet("/{id}/runs/{runId}", async (string id, string runId, IFeedRunStore runs, HttpContext http, CancellationToken ct) =>
        {
            var run = await runs.GetAsync(runId, ct);
            if (run is null || !string.Equals(run.FeedId, id, StringComparison.OrdinalIgnoreCase))
                return ApiError.NotFound(http, "distributor.run_not_found", $"No run '{runId}' for feed '{id}'.");
            return Results.Ok(FeedRunView.From(run));
        });

        feeds.MapPost("/{id}/test-connection", async (string id, IOptionsMonitor<DistributorsOptions> options,
            IEnumerable<IPriceFeedAdapter> adapters, HttpContext http, CancellationToken ct) =>
        {
            var feed = options.CurrentValue.Find(id);
            if (feed is null) return UnknownFeed(http, id);
            var adapter = adapters.FirstOrDefault(a => string.Equals(a.Kind, feed.Adapter, StringComparison.OrdinalIgnoreCase));
            if (adapter is null)
                return ApiError.Problem(http, 500, "distributor.adapter_missing", $"No adapter '{feed.Adapter}' is registered.");
            var check = await adapter.TestConnectionAsync(feed, ct);
            return Results.Ok(new
            {
                feedId = feed.Id, check.Ok, check.Step, check.Message, check.HttpStatus, elapsedMs = Math.Round(check.ElapsedMs),
                check.CredentialsRejected, action = check.CredentialsRejected ? FeedFetchException.CredentialsAction : null,
            });
        });

        feeds.MapGet("/{id}/prices/{sku}", async (string id, string sku, int? history, IOptionsMonitor<DistributorsOptions> options,
            IPriceSnapshotStore prices, HttpContext http, CancellationToken ct) =>
        {
            var feed = options.CurrentValue.Find(id);
            if (feed is null) return UnknownFeed(http, id);
            var price = await prices.GetPriceAsync(feed.Id, sku, Math.Clamp(history ?? 50, 1, 500), ct);
            return price is null
                ? ApiError.NotFound(http, "distributor.sku_not_found", $"Feed '{feed.Id}' has no price for SKU '{sku}', now or in its history.")
                : Results.Ok(PriceViewModel.From(price));
        });

        app.MapBestPriceEndpoints();
        return app;
    }

    private static IResult UnknownFeed(HttpContext http, string id) =>
        ApiError.NotFound(http, "distributor.not_found", $"No distributor feed '{id}' is configured (see GET /api/distributors).");

    /// <summary>force may come as ?force=true or as a JSON body {"force": true}; an empty body means false.</summary>
    private static async Task<bool> ReadForceAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentLength is 0 or null && !http.Request.Headers.ContainsKey("Transfer-Encoding")) return false;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("force", out var force) && force.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
