namespace ErpConnector.Persistence.Deals;

/// <summary>Durable record of every deal: what step it reached, when it is next due, who holds it.</summary>
public interface IDealLedger
{
    /// <summary>Remembers a bus event id; false when it was seen before (duplicate delivery).</summary>
    Task<bool> TryRecordEventAsync(string eventId, string dealId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Inserts a new deal and remembers its event id; false when a deal with that id already exists.</summary>
    Task<bool> TryCreateAsync(DealRecord deal, string note, CancellationToken ct = default);

    Task<DealRecord?> GetAsync(string dealId, CancellationToken ct = default);

    /// <summary>Takes the lease of one deal if nobody holds it (not even this process: a second claim by the
    /// same worker would let two of its tasks advance the deal at once); null when held or absent. Taking over an
    /// expired lease marks the deal uncertain: the crashed holder may have called Omie without recording it.</summary>
    Task<DealRecord?> TryClaimAsync(string dealId, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default);

    /// <summary>Claims up to <paramref name="limit"/> deals whose next step is due.</summary>
    Task<IReadOnlyList<DealRecord>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct = default);

    /// <summary>Saves the row if nobody changed it since it was read; appends a history note. Releases the lease when asked.</summary>
    Task<bool> SaveAsync(DealRecord deal, string? note, bool releaseLease, DateTimeOffset now, CancellationToken ct = default);

    Task<IReadOnlyList<DealHistoryEntry>> HistoryAsync(string dealId, CancellationToken ct = default);

    Task<IReadOnlyList<DealRecord>> ListAsync(DealQuery query, CancellationToken ct = default);

    /// <summary>Deals that have not reached a terminal state since <paramref name="olderThan"/> and are not yet marked stuck.</summary>
    /// <summary>Flags a deal as stuck and notes it, without touching its version or lease, so a worker
    /// advancing the deal at that moment is not disturbed. False when it was already flagged or is gone.</summary>
    Task<bool> MarkStuckAsync(string dealId, string note, DateTimeOffset now, CancellationToken ct = default);

    Task<IReadOnlyList<DealRecord>> FindNewlyStuckAsync(DateTimeOffset olderThan, int limit, CancellationToken ct = default);
}

/// <param name="Filter">A state name, or "stuck" / "uncertain"; null for all.</param>
public sealed record DealQuery(string? Filter, int Page, int PageSize);
