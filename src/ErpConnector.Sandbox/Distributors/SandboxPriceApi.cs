using System.Globalization;
using System.Text.Json.Serialization;

namespace ErpConnector.Sandbox.Distributors;

/// <summary>Ingram Micro Reseller API v6, the parts a price sync uses: client-credentials token, catalogue
/// pages of at most 100, price-and-availability for at most 50 part numbers, 60 calls a minute style limits.</summary>
internal sealed class SandboxPriceApi(DistributorSandboxState state)
{
    private const int MaxPageSize = 100;
    private const int MaxProductsPerCall = 50;

    public async Task<IResult> TokenAsync(HttpContext http, string feedId)
    {
        await DistributorSandboxEndpoints.SlowAsync(state, feedId, http.RequestAborted);
        // Only "unauthorized" reaches the token endpoint: 429/500 faults are meant for the API calls.
        if (state.Content(feedId, "unauthorized") is not null
            && DistributorSandboxEndpoints.StatusFault(http, state, feedId) is { } fault) return fault;
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["grant_type"] != "client_credentials")
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
        if (form["client_id"] != state.Defaults.ClientId || form["client_secret"] != state.Defaults.ClientSecret)
        {
            state.Stats(feedId).Unauthorized++;
            return Results.Json(new { error = "invalid_client", error_description = "Client authentication failed" }, statusCode: 401);
        }
        return Results.Json(new TokenResponse(state.IssueToken(feedId), "Bearer", state.Defaults.TokenLifetimeSeconds));
    }

    public async Task<IResult> CatalogAsync(HttpContext http, string feedId, int? pageNumber, int? pageSize)
    {
        if (await CheckAsync(http, feedId) is { } refused) return refused;
        state.Stats(feedId).CatalogRequests++;
        var size = pageSize ?? 25;
        var page = pageNumber ?? 1;
        if (size is < 1 or > MaxPageSize || page < 1)
            return Results.Json(new { message = $"pageSize must be 1-{MaxPageSize} and pageNumber at least 1" }, statusCode: 400);

        var spec = state.Spec(feedId);
        if (state.Content(feedId, "empty") is not null)
            return Results.Json(new { recordsFound = 0, pageSize = size, pageNumber = page, catalog = Array.Empty<object>() });
        // Truncated: the API announces the whole catalogue but stops answering rows part-way (seen as "0 rows" pages).
        var lastServed = state.Content(feedId, "truncated") is { } cut ? (int)(spec.Rows * cut.TruncateAtPercent / 100) : spec.Rows;
        var items = new List<object>();
        var first = (long)(page - 1) * size + 1;
        for (var position = first; position < first + size && position <= Math.Min(spec.Rows, lastServed); position++)
        {
            var item = SandboxCatalogue.At(spec, (int)position);
            if (item.Removed) continue;
            items.Add(new { ingramPartNumber = item.Sku, vendorPartNumber = item.VendorPartNumber, vendorName = item.Vendor, description = item.Description });
        }
        return Results.Json(new { recordsFound = spec.Rows, pageSize = size, pageNumber = page, catalog = items });
    }

    public async Task<IResult> PriceAndAvailabilityAsync(HttpContext http, string feedId, PriceRequest request)
    {
        if (await CheckAsync(http, feedId) is { } refused) return refused;
        state.Stats(feedId).PriceRequests++;
        if (request.Products is not { Count: > 0 and <= MaxProductsPerCall })
            return Results.Json(new { message = $"products must hold 1-{MaxProductsPerCall} items" }, statusCode: 400);
        var spec = state.Spec(feedId);
        var malformed = state.Content(feedId, "malformed");
        var malformedEvery = malformed is null ? 0 : Math.Max(1, spec.Rows / Math.Max(1, malformed.MalformedRows));
        var answers = request.Products.Select(p =>
        {
            var sku = p.IngramPartNumber ?? "";
            if (!sku.StartsWith("IM", StringComparison.Ordinal) || !int.TryParse(sku.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                || position < 1 || position > spec.Rows)
                return (object)new { ingramPartNumber = sku, productStatusCode = "E", productStatusMessage = "Invalid part number" };
            if (malformedEvery > 0 && position % malformedEvery == 0)
                return new { ingramPartNumber = sku, productStatusCode = "E", productStatusMessage = "Pricing temporarily unavailable" };
            var item = SandboxCatalogue.At(spec, position);
            return new
            {
                ingramPartNumber = sku, productStatusCode = "A", productStatusMessage = (string?)null,
                pricing = new { currencyCode = item.Currency, retailPrice = item.RetailPrice, mapPrice = (decimal?)null, customerPrice = item.Price },
            };
        }).ToList();
        return Results.Json(answers);
    }

    /// <summary>Order of checks like the real gateway: slowness, injected status, bearer token, IM headers, quota.</summary>
    private async Task<IResult?> CheckAsync(HttpContext http, string feedId)
    {
        await DistributorSandboxEndpoints.SlowAsync(state, feedId, http.RequestAborted);
        if (DistributorSandboxEndpoints.StatusFault(http, state, feedId) is { } fault) return fault;
        var auth = http.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !state.IsValidToken(feedId, auth["Bearer ".Length..]))
        {
            state.Stats(feedId).Unauthorized++;
            return Results.Json(new { message = "Invalid or expired access token" }, statusCode: 401);
        }
        if (string.IsNullOrEmpty(http.Request.Headers["IM-CustomerNumber"]) || string.IsNullOrEmpty(http.Request.Headers["IM-CountryCode"]))
            return Results.Json(new { message = "IM-CustomerNumber and IM-CountryCode headers are required" }, statusCode: 400);
        var (allowed, remaining, reset) = state.Count(feedId);
        if (state.Defaults.RequestsPerMinute > 0)
        {
            http.Response.Headers["X-RateLimit-Limit"] = state.Defaults.RequestsPerMinute.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
        }
        if (!allowed)
        {
            state.Stats(feedId).RateLimited++;
            http.Response.Headers.RetryAfter = Math.Max(1, reset - state.Clock.GetUtcNow().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
            return Results.Json(new { message = "Rate limit exceeded" }, statusCode: 429);
        }
        return null;
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("token_type")] string TokenType,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    public sealed record PriceRequest(List<ProductRef>? Products);

    public sealed record ProductRef(string? IngramPartNumber);
}
