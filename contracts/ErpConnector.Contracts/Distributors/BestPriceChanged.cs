namespace ErpConnector.Contracts;

/// <summary>Output: products whose best price across distributors changed after one applied feed run (the chosen
/// distributor, or the chosen price), at most 100 products a message, in order. Exchange
/// <c>distributor.best-price-changed</c>. Products whose choice stayed the same are not listed.</summary>
public sealed record BestPriceChanged
{
    /// <summary>The feed whose applied run led to the recompute.</summary>
    public string FeedId { get; init; } = "";
    /// <summary>That run; its <see cref="DistributorPricesRefreshed"/> goes out before the first batch.</summary>
    public string RunId { get; init; } = "";
    /// <summary>1-based; a run's batches are published in order, <see cref="BatchCount"/> in all.</summary>
    public int Batch { get; init; }
    /// <summary>Batches this run publishes; a consumer has the whole run when it has seen batches 1 to this.</summary>
    public int BatchCount { get; init; }
    /// <summary>At most 100 products, never empty.</summary>
    public IReadOnlyList<BestPriceChange> Changes { get; init; } = [];
}

/// <summary>One product's best price before and after the run. The previous or the new side is all null when no
/// distributor qualified (every offer out of stock or too old, or none listed the product).</summary>
/// <param name="ProductKey">The product across feeds: a GTIN as 14 digits, or <c>VENDOR:PART</c> (the <c>{key}</c> of
/// <c>GET /api/prices/{key}</c>).</param>
/// <param name="PreviousFeedId">The distributor chosen before; null when none was.</param>
/// <param name="PreviousSku">That distributor's part number.</param>
/// <param name="PreviousPrice">The price chosen before (the distributor's customer price per unit).</param>
/// <param name="PreviousCurrency">ISO 4217 code of <paramref name="PreviousPrice"/>.</param>
/// <param name="FeedId">The distributor chosen now; null when none qualifies.</param>
/// <param name="Sku">That distributor's part number.</param>
/// <param name="Price">The price chosen now.</param>
/// <param name="Currency">ISO 4217 code of <paramref name="Price"/>.</param>
public sealed record BestPriceChange(
    string ProductKey,
    string? PreviousFeedId, string? PreviousSku, decimal? PreviousPrice, string? PreviousCurrency,
    string? FeedId, string? Sku, decimal? Price, string? Currency);
