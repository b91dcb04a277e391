namespace ErpConnector.Distributors.Rest;

// The subset of Ingram Micro Reseller API v6 payloads the connector reads; property names bind camelCase.

internal sealed record CatalogPage(long RecordsFound, int PageSize, int PageNumber, List<CatalogItem>? Catalog);

internal sealed record CatalogItem(
    string? IngramPartNumber, string? VendorPartNumber, string? VendorName, string? Description, string? Upc, Pricing? Pricing);

internal sealed record PriceAndAvailabilityRequest(IReadOnlyList<ProductRef> Products);

internal sealed record ProductRef(string IngramPartNumber);

internal sealed record PriceAndAvailability(
    string? IngramPartNumber, string? ProductStatusCode, string? ProductStatusMessage, string? Description, Pricing? Pricing,
    Availability? Availability = null);

// UNCONFIRMED: Ingram v6's availability object is read as {available, totalAvailability}; absent = stock not said.
internal sealed record Availability(bool? Available, long? TotalAvailability)
{
    public bool? InStock => Available ?? (TotalAvailability is { } total ? total > 0 : null);
}

internal sealed record Pricing(string? CurrencyCode, decimal? RetailPrice, decimal? MapPrice, decimal? CustomerPrice);
