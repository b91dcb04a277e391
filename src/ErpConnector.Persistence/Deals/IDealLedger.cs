using ErpConnector.Domain.Deals;

namespace ErpConnector.Persistence.Deals;

/// <summary>Durable record of every deal: its state, when it is next due, who holds it. Stores and loads
/// <see cref="Deal"/>; the deal itself decides which transitions are allowed.</summary>
public interface IDealLedger
{
    /// <summary>Remembers a bus event id; false when it was seen before (duplicate delivery).</summary>
    Task<bool> TryRecordEventAsync(string eventId, string dealId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Inserts a new deal (leased or not, as the deal says) and remembers its event id, in one transaction;
    /// false when a deal with that id already exists.</summary>
    Task<bool> TryCreateAsync(Deal deal, string note, CancellationToken ct = default);

    /// <summary>The deal as stored; null when unknown.</summary>
    Task<Deal?> GetAsync(string dealId, CancellationToken ct = default);

    /// <summary>Takes the lease of one deal if nobody holds it (not even this process: a second claim by the
    /// same worker would let two of its tasks advance the deal at once); null when held or absent. Taking over an
    /// expired lease marks the deal uncertain: the crashed holder may have called Omie without recording it.
    /// Every claim gets a new fencing token (<see cref="DealLease.Token"/>).</summary>
    Task<Deal?> TryClaimAsync(string dealId, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default);

    /// <summary>Claims up to <paramref name="limit"/> deals whose next step is due.</summary>
    Task<IReadOnlyList<Deal>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct = default);

    /// <summary>Proves the deal's lease is still this worker's (owner and fencing token unchanged) and extends it to
    /// <paramref name="now"/> + <paramref name="lease"/>. False when the lease was taken over: the caller must stop
    /// without calling Omie. Never changes the deal's version, so it can run beside the worker's own saves.</summary>
    Task<bool> RenewLeaseAsync(Deal deal, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default);

    /// <summary>Saves the deal if nobody changed it since it was read; appends a history note. Releases the lease
    /// when asked. Never writes a stale <c>stuck</c> flag back (see <see cref="Deal.ClearsStuck"/>).</summary>
    Task<bool> SaveAsync(Deal deal, string? note, bool releaseLease, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Appends a note to a deal's history without changing it (e.g. a conflicting event that was ignored).</summary>
    Task AppendNoteAsync(string dealId, string note, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>A deal's history, oldest first.</summary>
    Task<IReadOnlyList<DealHistoryEntry>> HistoryAsync(string dealId, CancellationToken ct = default);

    /// <summary>One page of deals, newest change first.</summary>
    Task<IReadOnlyList<Deal>> ListAsync(DealQuery query, CancellationToken ct = default);

    /// <summary>Flags a deal as stuck and notes it, without touching its version or lease, so a worker
    /// advancing the deal at that moment is not disturbed. False when it was already flagged, finished or is gone.</summary>
    Task<bool> MarkStuckAsync(string dealId, string note, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Deals that have not finished since <paramref name="olderThan"/> and are not yet marked stuck.</summary>
    Task<IReadOnlyList<Deal>> FindNewlyStuckAsync(DateTimeOffset olderThan, int limit, CancellationToken ct = default);
}

/// <param name="Filter">A state name, or "stuck" / "uncertain"; null for all.</param>
/// <param name="Page">1-based page.</param>
/// <param name="PageSize">Rows per page.</param>
public sealed record DealQuery(string? Filter, int Page, int PageSize);
