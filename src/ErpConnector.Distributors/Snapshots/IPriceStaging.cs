using ErpConnector.Distributors.Runs;

namespace ErpConnector.Distributors.Snapshots;

/// <summary>The rows a run would change, kept aside (never in the live snapshot) until the guards pass; then
/// applied in one transaction, or dropped with nothing touched.</summary>
public interface IPriceStaging : IAsyncDisposable
{
    /// <summary>Buffered; may write to the staging area synchronously when a batch fills.</summary>
    void Upsert(in StagedPrice price);

    /// <summary>An explicit delete (action column).</summary>
    void Remove(string sku);

    /// <summary>Stages removal of stored rows by SKU key (full feeds: SKUs absent from the file). Returns how many were found.</summary>
    Task<int> RemoveKeysAsync(IReadOnlySet<ulong> skuKeys, CancellationToken ct);

    /// <summary>All-or-nothing: price history (when <paramref name="recordHistory"/>), upserts, deletes, the feed's
    /// last-good state and the run's final record commit together.</summary>
    Task ApplyAsync(FeedRun run, bool recordHistory, CancellationToken ct);
}

public readonly record struct StagedPrice(
    string Sku, ulong SkuKey, ulong RowHash, string Price, string Currency, string? RetailPrice, string? Description);
