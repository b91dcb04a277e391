using ErpConnector.Distributors.BestPrice;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Service.Api;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Distributors;

/// <summary>GET /api/prices/{key}: every distributor's current price for a product and the one the best-price rules
/// choose, computed now from the stored offers (so a feed that has just aged out is already left out).</summary>
public static class BestPriceEndpoints
{
    public static IEndpointRouteBuilder MapBestPriceEndpoints(this IEndpointRouteBuilder app)
    {
        // Catch-all: vendor part numbers may hold a '/'.
        app.MapGet("/api/prices/{**key}", async (string? key, BestPriceRecompute recompute, IBestPriceStore store,
            IOptionsMonitor<DistributorsOptions> options, TimeProvider time, HttpContext http, CancellationToken ct) =>
        {
            var productKey = ProductKey.Normalize(key);
            if (productKey is null)
                return ApiError.Problem(http, StatusCodes.Status400BadRequest, ApiErrorCodes.RequestInvalid,
                    "The product key is not one: give an EAN/UPC (8, 12, 13 or 14 digits) or VENDOR:PART (vendor name, a colon, " +
                    $"the vendor's part number), at most {ProductKey.MaxLength} characters.",
                    new { field = "key", example = "HP INC.:6QN29A", matchBy = options.CurrentValue.MatchBy });
            var stored = await store.GetOffersAsync(productKey, ct);
            if (stored.Count == 0)
                return ApiError.NotFound(http, "price.not_found",
                    $"No distributor lists product '{productKey}'. Products are matched by {options.CurrentValue.MatchBy} " +
                    "(Distributors:MatchBy); check the feed's Vendor/VendorPartNumber/Ean columns.");
            var chooser = await recompute.ChooserAsync(time.GetUtcNow(), ct);
            return Results.Ok(BestPriceView.From(productKey, chooser, stored, options.CurrentValue));
        });
        return app;
    }
}
