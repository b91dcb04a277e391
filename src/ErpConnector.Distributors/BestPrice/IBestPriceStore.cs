namespace ErpConnector.Distributors.BestPrice;

/// <summary>The stored side of the best price: each product's offers, the chosen offer per product, and the changes
/// of the choice per run (the outbox of BestPriceChanged).</summary>
public interface IBestPriceStore
{
    /// <summary>Recomputes, a page of products per transaction, the products a run touched (<paramref name="wholeFeed"/>: every product
    /// of the run's feed, for a first load): <paramref name="choose"/> picks among a product's offers, and where the
    /// choice differs from the stored one it is stored and the change recorded for the run. Recomputes for different
    /// feeds are serialised page by page, so each sees the others' results. An attempt that died midway resumes with
    /// the products still queued; a run already recomputed is not recomputed again (its recorded changes stay to be
    /// published). <see cref="BestPriceRecount.Recomputed"/> counts this attempt's products.</summary>
    Task<BestPriceRecount> RecomputeAsync(string runId, string feedId, bool wholeFeed,
        Func<IReadOnlyList<StoredOffer>, StoredOffer?> choose, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<BestPriceChangeRecord>> ReadChangesAsync(string runId, long afterId, int limit, CancellationToken ct);

    Task<long> CountChangesAsync(string runId, CancellationToken ct);

    /// <summary>Every feed's current row for the product (any order).</summary>
    Task<IReadOnlyList<StoredOffer>> GetOffersAsync(string productKey, CancellationToken ct);
}

/// <summary>A feed's current row for a product, as stored.</summary>
/// <param name="ProductKey">The product across feeds (<see cref="BestPrice.ProductKey"/>).</param>
/// <param name="FeedId">The feed's id.</param>
/// <param name="Sku">The distributor's part number.</param>
/// <param name="Price">The customer price per unit.</param>
/// <param name="Currency">ISO 4217 code of <paramref name="Price"/>.</param>
/// <param name="InStock">Null when the feed does not say.</param>
/// <param name="UpdatedAt">When the row last changed (the feed's last good run says how fresh it is).</param>
public sealed record StoredOffer(string ProductKey, string FeedId, string Sku, decimal Price, string Currency, bool? InStock, DateTimeOffset UpdatedAt);

/// <param name="Recomputed">Products whose choice was recomputed.</param>
/// <param name="Changed">Products whose chosen distributor or price changed.</param>
/// <param name="AlreadyDone">True when an earlier attempt had committed this run's recompute.</param>
public sealed record BestPriceRecount(long Recomputed, long Changed, bool AlreadyDone);

/// <summary>One product's choice before and after a run; null sides mean "no distributor qualified".</summary>
public sealed record BestPriceChangeRecord(
    long Id, string ProductKey,
    string? OldFeedId, string? OldSku, decimal? OldPrice, string? OldCurrency,
    string? NewFeedId, string? NewSku, decimal? NewPrice, string? NewCurrency);
