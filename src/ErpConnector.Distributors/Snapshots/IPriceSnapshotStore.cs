namespace ErpConnector.Distributors.Snapshots;

/// <summary>The live price snapshot per feed and its history.</summary>
public interface IPriceSnapshotStore
{
    Task<Ingest.SnapshotIndex> LoadIndexAsync(string feedId, CancellationToken ct);

    Task<IPriceStaging> BeginStagingAsync(string feedId, string runId, StagingOptions options, CancellationToken ct);

    Task<PriceView?> GetPriceAsync(string feedId, string sku, int historyLimit, CancellationToken ct);

    /// <summary>Price changes a run applied, in order, for DistributorPricesChanged (the history doubles as the outbox).</summary>
    Task<IReadOnlyList<PriceChangeRecord>> ReadChangesAsync(string feedId, string runId, long afterId, int limit, CancellationToken ct);

    Task<long> CountChangesAsync(string feedId, string runId, CancellationToken ct);
}

/// <summary>A SKU's current price (null fields when the distributor removed it) and its recent history, newest first.</summary>
public sealed record PriceView(
    string FeedId, string Sku, decimal? Price, string? Currency, decimal? RetailPrice, string? Description,
    DateTimeOffset? FirstSeenAt, DateTimeOffset UpdatedAt, IReadOnlyList<PriceHistoryEntry> History)
{
    public bool IsCurrent => Price is not null;
}

/// <summary>One price change of a SKU, as a run applied it.</summary>
/// <param name="At">When the run applied it.</param>
/// <param name="RunId">The run that applied it.</param>
/// <param name="Kind"><c>added</c>, <c>changed</c> or <c>removed</c>.</param>
/// <param name="OldPrice">The price before; null for <c>added</c>.</param>
/// <param name="NewPrice">The price after; null for <c>removed</c>.</param>
/// <param name="OldCurrency">Currency of <paramref name="OldPrice"/>; null for <c>added</c>.</param>
/// <param name="NewCurrency">Currency of <paramref name="NewPrice"/>; null for <c>removed</c>.</param>
public sealed record PriceHistoryEntry(
    DateTimeOffset At, string RunId, string Kind, decimal? OldPrice, decimal? NewPrice, string? OldCurrency, string? NewCurrency);

public sealed record PriceChangeRecord(
    long Id, string Sku, string Kind, decimal? OldPrice, decimal? NewPrice, string? OldCurrency, string? NewCurrency);
