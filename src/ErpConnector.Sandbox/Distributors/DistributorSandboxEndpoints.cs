using System.Globalization;

namespace ErpConnector.Sandbox.Distributors;

/// <summary>The simulated distributors: an Ingram-shaped REST API (OAuth2, paging, price-and-availability,
/// rate limits) and flat price files (optionally zipped), all computed from a seed, with fault injection.
/// Written from the reference notes, not from the connector's client code.</summary>
public static class DistributorSandboxEndpoints
{
    private const string MappedKey = "ErpConnector.Sandbox.Distributors.Mapped";

    public static WebApplication MapDistributorSandbox(this WebApplication app)
    {
        var props = ((IApplicationBuilder)app).Properties;
        if (props.ContainsKey(MappedKey)) return app; // the host and a test may both ask; map once
        props[MappedKey] = true;

        var options = app.Configuration.GetSection(DistributorSandboxOptions.Section).Get<DistributorSandboxOptions>() ?? new DistributorSandboxOptions();
        var state = new DistributorSandboxState(options, app.Services.GetService<TimeProvider>() ?? TimeProvider.System);
        var files = new CatalogueFiles(options.CacheDirectory ?? Path.Combine(Path.GetTempPath(), "erpconnector-sandbox-distributors"));
        props[typeof(DistributorSandboxState).FullName!] = state;

        var api = new SandboxPriceApi(state);
        app.MapPost("/distributors/{feedId}/oauth/token", api.TokenAsync);
        app.MapGet("/distributors/{feedId}/resellers/v6/catalog", api.CatalogAsync);
        app.MapPost("/distributors/{feedId}/resellers/v6/catalog/priceandavailability", api.PriceAndAvailabilityAsync);
        app.MapMethods("/distributors/{feedId}/files/{fileName}", ["GET", "HEAD"],
            (HttpContext http, string feedId, string fileName) => SandboxPriceFiles.ServeAsync(http, feedId, fileName, state, files));

        app.MapPost("/_sandbox/distributors/{feedId}/catalogue", (string feedId, DistributorSandboxState.CatalogueSettings settings) =>
        {
            if (settings.Rows is < 0 or > 1_000_000)
                return Results.BadRequest(new { error = "rows must be between 0 and 1,000,000" });
            if (settings.ChangedPercent is < 0 or > 100 || settings.RemovedPercent is < 0 or > 100)
                return Results.BadRequest(new { error = "changedPercent and removedPercent must be between 0 and 100" });
            state.SetCatalogue(feedId, settings);
            return Results.Ok(state.Spec(feedId));
        });
        app.MapPost("/_sandbox/distributors/faults", (DistributorFault fault) =>
        {
            if (!DistributorFault.Kinds.Contains(fault.Kind))
                return Results.BadRequest(new { error = $"kind must be one of {string.Join(", ", DistributorFault.Kinds)}" });
            state.Arm(fault);
            return Results.Ok(fault);
        });
        app.MapDelete("/_sandbox/distributors/faults", (string? feedId) =>
        {
            state.Clear(feedId);
            return Results.NoContent();
        });
        app.MapGet("/_sandbox/distributors/{feedId}/stats", (string feedId) => Results.Ok(state.Stats(feedId)));
        return app;
    }

    /// <summary>The state behind a mapped sandbox, for in-process tests.</summary>
    public static DistributorSandboxState DistributorSandboxState(this WebApplication app) =>
        (DistributorSandboxState)((IApplicationBuilder)app).Properties[typeof(DistributorSandboxState).FullName!]!;

    /// <summary>Answers with the armed status fault, if any: 401, 429 (Retry-After, X-RateLimit-*) or 500.</summary>
    internal static IResult? StatusFault(HttpContext http, DistributorSandboxState state, string feedId)
    {
        var fault = state.TakeStatus(feedId);
        var stats = state.Stats(feedId);
        switch (fault?.Kind)
        {
            case "unauthorized":
                stats.Unauthorized++;
                return Results.Json(new { error = "invalid_client", error_description = "Client authentication failed" }, statusCode: 401);
            case "rate-limited":
                stats.RateLimited++;
                http.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers["X-RateLimit-Remaining"] = "0";
                http.Response.Headers["X-RateLimit-Reset"] = state.Clock.GetUtcNow().AddSeconds(fault.RetryAfterSeconds).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                return Results.Json(new { message = "Too many requests" }, statusCode: 429);
            case "server-error":
                stats.ServerErrors++;
                return Results.Json(new { message = "Internal server error" }, statusCode: 500);
        }
        return null;
    }

    internal static async Task SlowAsync(DistributorSandboxState state, string feedId, CancellationToken ct)
    {
        if (state.Content(feedId, "slow") is { } slow)
            await Task.Delay(slow.DelayMs ?? state.Defaults.SlowDelayMs, ct);
    }
}
