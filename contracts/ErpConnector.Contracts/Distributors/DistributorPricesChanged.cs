namespace ErpConnector.Contracts;

/// <summary>Output: prices that changed in one applied run, at most 100 SKUs a message, in run order.
/// Exchange <c>distributor.prices-changed</c>. SKUs whose price, currency and retail price stayed the same
/// (only the description changed, say) are not listed.</summary>
public sealed record DistributorPricesChanged
{
    /// <summary>The feed's configured id (the <c>{id}</c> of <c>/api/distributors/{id}</c>).</summary>
    public string FeedId { get; init; } = "";
    /// <summary>The applied run; its <see cref="DistributorPricesRefreshed"/> follows the last batch.</summary>
    public string RunId { get; init; } = "";
    /// <summary>1-based; a run's batches are published in order, <see cref="BatchCount"/> in all.</summary>
    public int Batch { get; init; }
    /// <summary>Batches this run publishes; a consumer has the whole run when it has seen batches 1 to this.</summary>
    public int BatchCount { get; init; }
    /// <summary>At most 100 changes, never empty.</summary>
    public IReadOnlyList<DistributorPriceChange> Changes { get; init; } = [];
}

/// <summary>One SKU's price before and after the run. Prices are the distributor's customer price (the reseller's
/// cost) per unit, in the currency beside them (a three-letter ISO 4217 code such as <c>BRL</c> or <c>USD</c>).</summary>
/// <param name="Sku">The distributor's part number, as in the feed.</param>
/// <param name="Kind"><c>added</c> (no old price), <c>changed</c>, or <c>removed</c> (no new price).</param>
/// <param name="OldPrice">The price before the run; null for <c>added</c>.</param>
/// <param name="NewPrice">The price after the run; null for <c>removed</c>.</param>
/// <param name="OldCurrency">Currency of <paramref name="OldPrice"/>; null for <c>added</c>.</param>
/// <param name="NewCurrency">Currency of <paramref name="NewPrice"/>; null for <c>removed</c>.</param>
public sealed record DistributorPriceChange(
    string Sku, string Kind, decimal? OldPrice, decimal? NewPrice, string? OldCurrency, string? NewCurrency);
