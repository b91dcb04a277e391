using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Feeds;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Distributors.Rest;

/// <summary>A REST price API shaped like Ingram Micro's: page through the catalogue, then ask
/// price-and-availability for each page in batches of at most <see cref="RestFeedOptions.BatchSize"/> SKUs.</summary>
public sealed class RestPriceFeedAdapter(
    IHttpClientFactory httpClients, OAuthTokenCache tokens, TimeProvider time, ILogger<RestPriceFeedAdapter> logger) : IPriceFeedAdapter
{
    public const string HttpClientName = "distributor-api";
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public string Kind => "rest";

    public async Task ReadAsync(PriceFeedOptions feed, IFeedRowSink sink, CancellationToken ct)
    {
        var rest = feed.Rest!;
        var caller = NewCaller(feed);
        long position = 0;
        for (var pageNumber = 1; ; pageNumber++)
        {
            var page = await GetPageAsync(caller, rest, pageNumber, rest.PageSize, ct);
            if (pageNumber == 1) sink.ExpectRows(page.RecordsFound);
            var items = page.Catalog ?? [];
            if (items.Count == 0) break;

            if (string.IsNullOrWhiteSpace(rest.PriceAndAvailabilityPath))
            {
                foreach (var item in items)
                    Push(sink, ++position, item.IngramPartNumber, item.Description, item.Pricing, null, null, feed.DefaultCurrency, item, null);
            }
            else
            {
                foreach (var batch in items.Chunk(rest.BatchSize))
                {
                    var prices = await GetPricesAsync(caller, rest, batch, ct);
                    var bySku = prices.Where(p => p.IngramPartNumber is not null)
                        .GroupBy(p => p.IngramPartNumber!, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                    foreach (var item in batch)
                    {
                        bySku.TryGetValue(item.IngramPartNumber ?? "", out var price);
                        Push(sink, ++position, item.IngramPartNumber, item.Description, price?.Pricing,
                            price is null ? "no price-and-availability answer for this SKU" : null,
                            price?.ProductStatusCode is "E" ? price.ProductStatusMessage ?? "product error" : null, feed.DefaultCurrency,
                            item, price?.Availability?.InStock);
                    }
                }
            }
            sink.Progress(caller.BytesReceived, null);
            if ((long)pageNumber * rest.PageSize >= page.RecordsFound) break;
        }
        logger.LogInformation("Feed {FeedId}: read {Rows} rows over the API ({Bytes} bytes)", feed.Id, position, caller.BytesReceived);
    }

    private static void Push(IFeedRowSink sink, long position, string? sku, string? description, Pricing? pricing,
        string? missing, string? productError, string defaultCurrency, CatalogItem item, bool? inStock)
    {
        var raw = $"{{\"ingramPartNumber\":\"{sku}\",\"customerPrice\":{pricing?.CustomerPrice?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"},\"currencyCode\":\"{pricing?.CurrencyCode}\"}}";
        if (missing is not null) { sink.Reject(position, missing, raw); return; }
        if (productError is not null) { sink.Reject(position, $"distributor reports: {productError}", raw); return; }
        if (pricing?.CustomerPrice is not { } price) { sink.Reject(position, "no customer price", raw); return; }
        sink.Accept(new FeedRecord
        {
            Sku = sku,
            Price = price,
            Currency = string.IsNullOrWhiteSpace(pricing.CurrencyCode) ? defaultCurrency : pricing.CurrencyCode.Trim().ToUpperInvariant(),
            RetailPrice = pricing.RetailPrice,
            Description = description,
            Line = position,
            Raw = raw,
            Vendor = item.VendorName,
            VendorPartNumber = item.VendorPartNumber,
            Ean = item.Upc,
            InStock = inStock,
        });
    }

    public async Task<ConnectionCheck> TestConnectionAsync(PriceFeedOptions feed, CancellationToken ct)
    {
        var rest = feed.Rest!;
        var started = Stopwatch.GetTimestamp();
        double Elapsed() => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            // Always a fresh token: the point is to prove today's credentials, not yesterday's cached token.
            await tokens.RequestAsync(rest, httpClients.CreateClient(HttpClientName), ct);
        }
        catch (FeedFetchException ex)
        {
            return new ConnectionCheck(false, ex.Step, ex.Message, ex.HttpStatus, Elapsed()) { CredentialsRejected = ex.CredentialsRejected };
        }
        try
        {
            var page = await GetPageAsync(NewCaller(feed, maxRetries: 0), rest, 1, 1, ct);
            return new ConnectionCheck(true, "catalog",
                $"Credentials accepted and the catalogue answered: {page.RecordsFound:N0} products listed.", 200, Elapsed());
        }
        catch (FeedFetchException ex)
        {
            return new ConnectionCheck(false, ex.Step, ex.Message, ex.HttpStatus, Elapsed()) { CredentialsRejected = ex.CredentialsRejected };
        }
    }

    private DistributorApiCaller NewCaller(PriceFeedOptions feed, int? maxRetries = null)
    {
        var rest = feed.Rest!;
        if (maxRetries is { } retries)
            rest = new RestFeedOptions
            {
                BaseUrl = rest.BaseUrl, TokenUrl = rest.TokenUrl, ClientId = rest.ClientId, ClientSecret = rest.ClientSecret,
                Scope = rest.Scope, CustomerNumber = rest.CustomerNumber, CountryCode = rest.CountryCode, SenderId = rest.SenderId,
                CatalogPath = rest.CatalogPath, PriceAndAvailabilityPath = rest.PriceAndAvailabilityPath, PageSize = rest.PageSize,
                BatchSize = rest.BatchSize, MaxRetries = retries, RetryBaseDelay = rest.RetryBaseDelay, MaxRetryWait = rest.MaxRetryWait,
                RequestTimeout = rest.RequestTimeout,
            };
        return new DistributorApiCaller(feed.Id, rest, httpClients.CreateClient(HttpClientName), tokens, time, logger,
            feed.Thresholds.MaxUncompressedBytes);
    }

    private static async Task<CatalogPage> GetPageAsync(DistributorApiCaller caller, RestFeedOptions rest, int pageNumber, int pageSize, CancellationToken ct)
    {
        var url = $"{Combine(rest.BaseUrl, rest.CatalogPath)}?pageNumber={pageNumber}&pageSize={pageSize}";
        var body = await caller.SendAsync("catalog", () => new HttpRequestMessage(HttpMethod.Get, url), ct);
        return Deserialize<CatalogPage>(body, "catalog", url);
    }

    private static async Task<List<PriceAndAvailability>> GetPricesAsync(DistributorApiCaller caller, RestFeedOptions rest, CatalogItem[] batch, CancellationToken ct)
    {
        var url = Combine(rest.BaseUrl, rest.PriceAndAvailabilityPath);
        var payload = new PriceAndAvailabilityRequest(batch.Where(i => i.IngramPartNumber is not null).Select(i => new ProductRef(i.IngramPartNumber!)).ToList());
        var body = await caller.SendAsync("prices", () => new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(payload, options: Json) }, ct);
        return Deserialize<List<PriceAndAvailability>>(body, "prices", url);
    }

    private static T Deserialize<T>(byte[] body, string step, string url)
    {
        try { return JsonSerializer.Deserialize<T>(body, Json) ?? throw new JsonException("empty body"); }
        catch (JsonException ex)
        {
            throw new FeedFetchException(step, $"{SafeUrl.From(url)} answered with JSON the connector cannot read: {ex.Message}", null, ex);
        }
    }

    private static string Combine(string baseUrl, string path) => $"{baseUrl.TrimEnd('/')}/{path.TrimStart('/')}";
}
