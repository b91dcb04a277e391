using ErpConnector.Distributors.Runs;

namespace ErpConnector.Distributors.Snapshots;

/// <summary>The rows a run would change, kept aside (never in the live snapshot) until the guards pass; then
/// applied in one transaction, or dropped with nothing touched.</summary>
public interface IPriceStaging : IAsyncDisposable
{
    /// <summary>Appends an added or changed row; copies the spans (the caller's buffer is reused).</summary>
    void Upsert(in StagedPrice price);

    /// <summary>An explicit delete (action column) of a stored SKU.</summary>
    void Remove(ReadOnlySpan<char> sku);

    /// <summary>All-or-nothing: the staged rows, the removal of <paramref name="absentSkuKeys"/> (stored SKUs a
    /// full feed no longer lists), their price history, the feed's last-good state and the run's final record
    /// commit together. Disposing without applying discards everything.</summary>
    Task ApplyAsync(FeedRun run, IReadOnlySet<ulong> absentSkuKeys, CancellationToken ct);
}

/// <param name="AsOf">Time stamped on the rows and history (the run's start: prices are as of that fetch).</param>
/// <param name="RecordHistory">False for a feed's first load: a million "added" entries would tell nobody anything.</param>
/// <param name="WriteThrough">Write to the snapshot while the feed is read, inside one open transaction, instead of
/// after it; only for feeds parsed quickly from a local copy, since the database's write lock is held meanwhile.</param>
public sealed record StagingOptions(DateTimeOffset AsOf, bool RecordHistory, bool WriteThrough);

/// <summary>A row to write, as spans over the parser's buffer.</summary>
public readonly ref struct StagedPrice
{
    public required ReadOnlySpan<char> Sku { get; init; }
    public required ulong SkuKey { get; init; }
    public required ulong RowHash { get; init; }
    public required decimal Price { get; init; }
    public required ReadOnlySpan<char> Currency { get; init; }
    public decimal? RetailPrice { get; init; }
    public ReadOnlySpan<char> Description { get; init; }
    /// <summary>True when the SKU is not in the snapshot yet (false: it is there with another row hash).</summary>
    public bool IsNew { get; init; }
    /// <summary>Best price: the product's key across feeds (<see cref="BestPrice.ProductKey"/>); empty when the row has none.</summary>
    public ReadOnlySpan<char> ProductKey { get; init; }
    /// <summary>Best price: false when the feed says out of stock; null when it does not say.</summary>
    public bool? InStock { get; init; }
}
