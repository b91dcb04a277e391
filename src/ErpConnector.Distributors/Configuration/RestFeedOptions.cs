namespace ErpConnector.Distributors.Configuration;

/// <summary>A REST price API shaped like Ingram Micro's Reseller API v6: OAuth2 client credentials, a paged
/// catalogue, then price-and-availability calls in batches.</summary>
public sealed class RestFeedOptions
{
    public string BaseUrl { get; set; } = "";
    public string TokenUrl { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string? Scope { get; set; }
    /// <summary>Sent as IM-CustomerNumber / IM-CountryCode / IM-SenderID.</summary>
    public string CustomerNumber { get; set; } = "";
    public string CountryCode { get; set; } = "BR";
    public string SenderId { get; set; } = "erp-connector";
    public string CatalogPath { get; set; } = "resellers/v6/catalog";
    /// <summary>Empty when the catalogue page already carries pricing.</summary>
    public string PriceAndAvailabilityPath { get; set; } = "resellers/v6/catalog/priceandavailability";
    /// <summary>Catalogue records per page (Ingram: at most 100).</summary>
    public int PageSize { get; set; } = 100;
    /// <summary>Products per price-and-availability call (Ingram: at most 50).</summary>
    public int BatchSize { get; set; } = 50;
    /// <summary>Attempts per call on 429, 5xx or network failure before the run fails.</summary>
    public int MaxRetries { get; set; } = 5;
    /// <summary>First back-off after a 5xx or network failure; doubles each attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A 429 asking to wait longer than this fails the run rather than holding it.</summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
