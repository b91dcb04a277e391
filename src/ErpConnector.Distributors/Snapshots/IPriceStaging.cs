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

    /// <summary>Stages removal of stored rows by SKU key (full feeds: SKUs absent from the file). Returns how many were found.</summary>
    Task<int> RemoveKeysAsync(IReadOnlySet<ulong> skuKeys, CancellationToken ct);

    /// <summary>All-or-nothing: price history (when <paramref name="recordHistory"/>), upserts, deletes, the feed's
    /// last-good state and the run's final record commit together.</summary>
    Task ApplyAsync(FeedRun run, bool recordHistory, CancellationToken ct);
}

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
}
