namespace ErpConnector.Contracts;

/// <summary>Output: prices that changed in one applied run, at most 100 SKUs a message, in run order.
/// Exchange <c>distributor.prices-changed</c>. SKUs whose price, currency and retail price stayed the same
/// (only the description changed, say) are not listed.</summary>
public sealed record DistributorPricesChanged
{
    public string FeedId { get; init; } = "";
    public string RunId { get; init; } = "";
    /// <summary>1-based; a run's batches are published in order, <see cref="BatchCount"/> in all.</summary>
    public int Batch { get; init; }
    public int BatchCount { get; init; }
    public IReadOnlyList<DistributorPriceChange> Changes { get; init; } = [];
}

/// <param name="Kind"><c>added</c> (no old price), <c>changed</c>, or <c>removed</c> (no new price).</param>
public sealed record DistributorPriceChange(
    string Sku, string Kind, decimal? OldPrice, decimal? NewPrice, string? OldCurrency, string? NewCurrency);
