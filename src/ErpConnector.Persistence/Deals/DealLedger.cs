using System.Data.Common;
using Dapper;
using ErpConnector.Domain.Deals;

namespace ErpConnector.Persistence.Deals;

/// <summary>
/// The deal ledger, one implementation for both providers (the statements are in <see cref="LedgerSql"/>).
/// Every write is a transaction handed to the provider's <see cref="LedgerWriter"/> (on SQLite, one writer that
/// commits the writes waiting at that moment together); each provider says which failures are worth repeating, and
/// PostgreSQL adds its row-locking clause to the sweep.
/// Leases are conditional UPDATEs, so two workers (or two instances on one database) never hold a deal at once;
/// saves check <c>version</c>; every claim stamps a fencing token that <see cref="RenewLeaseAsync"/> checks.
/// </summary>
public abstract class DealLedger(ConnectionFactory connections, LedgerWriter writer, TimeProvider clock, IEnumerable<IDealSaveOutbox>? outboxes = null) : IDealLedger
{
    private readonly IDealSaveOutbox[] _outboxes = outboxes?.ToArray() ?? [];

    /// <summary>How long one ledger call keeps repeating a transient failure before it gives up.</summary>
    public TimeSpan TransientRetryBudget { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The connections this ledger uses.</summary>
    protected ConnectionFactory Connections { get; } = connections;

    /// <summary>Runs one write transaction (through the provider's <see cref="LedgerWriter"/>); returns after its commit.</summary>
    protected virtual Task<T> OnWriteAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> write, CancellationToken ct, bool oneStatement = false) =>
        writer.RunAsync(write, ct, oneStatement);

    /// <summary>A failure that is worth repeating the whole operation for (dropped connection, busy database).</summary>
    protected abstract bool IsTransient(Exception ex);

    /// <summary>Called once per operation on its first transient failure (e.g. drop pooled connections that are likely dead).</summary>
    protected virtual void OnFirstTransientFailure() { }

    /// <summary>Appended to the sweep's row selection: PostgreSQL's <c>FOR UPDATE SKIP LOCKED</c> lets instances split
    /// due rows instead of queueing on each other; SQLite has one writer and needs none.</summary>
    protected virtual string SweepRowLockClause => "";

    public Task<bool> TryRecordEventAsync(string eventId, string dealId, DateTimeOffset now, CancellationToken ct = default) =>
        WriteStatementAsync(async (db, tx) =>
            await LedgerStatements.RecordEvent.ExecuteAsync(writer, db, tx, (eventId, dealId, now.ToUnixTimeMilliseconds()), ct) == 1, ct);

    public Task<bool> TryCreateAsync(Deal deal, string note, CancellationToken ct = default) => WriteAsync(async (db, tx) =>
    {
        var inserted = await LedgerStatements.Create.ExecuteAsync(writer, db, tx, LedgerRow.From(deal), ct) == 1;
        if (inserted)
        {
            await AppendHistoryAsync(db, tx, deal.DealId, deal.UpdatedAt, deal.State, note, ct);
            // The deal's own event id is remembered in the same transaction: one write per new deal, not two.
            await LedgerStatements.RecordEvent.ExecuteAsync(writer, db, tx, (deal.EventId, deal.DealId, deal.CreatedAt.ToUnixTimeMilliseconds()), ct);
        }
        return inserted;
    }, ct);

    public Task<Deal?> GetAsync(string dealId, CancellationToken ct = default) => ReadAsync(async db =>
        (await db.QuerySingleOrDefaultAsync<LedgerRow>(new CommandDefinition(LedgerSql.Get, new { dealId }, cancellationToken: ct)))?.ToDeal(), ct);

    public Task<Deal?> TryClaimAsync(string dealId, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default)
    {
        var asked = clock.GetTimestamp();
        return WriteStatementAsync(async (db, tx) =>
            (await db.QuerySingleOrDefaultAsync<LedgerRow>(new CommandDefinition(LedgerSql.ClaimOne,
                new { dealId, owner, now = now.ToUnixTimeMilliseconds(), until = LeaseEnd(now, lease, asked).ToUnixTimeMilliseconds() },
                tx, cancellationToken: ct)))?.ToDeal(), ct);
    }

    public Task<IReadOnlyList<Deal>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct = default)
    {
        var asked = clock.GetTimestamp();
        return WriteStatementAsync<IReadOnlyList<Deal>>(async (db, tx) =>
        {
            var rows = await db.QueryAsync<LedgerRow>(new CommandDefinition(LedgerSql.ClaimDue(SweepRowLockClause),
                new { owner, now = now.ToUnixTimeMilliseconds(), until = LeaseEnd(now, lease, asked).ToUnixTimeMilliseconds(), limit },
                tx, cancellationToken: ct));
            return rows.OrderBy(r => r.NextDueAt).Select(r => r.ToDeal()).ToList();
        }, ct);
    }

    public async Task<bool> RenewLeaseAsync(Deal deal, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default)
    {
        if (deal.Lease is not { } held) return false;
        var asked = clock.GetTimestamp();
        var until = now + lease;
        var renewed = await WriteStatementAsync(async (db, tx) =>
        {
            until = LeaseEnd(now, lease, asked);
            return await LedgerStatements.Renew.ExecuteAsync(writer, db, tx,
                (deal.DealId, held.Owner, held.Token, until.ToUnixTimeMilliseconds()), ct) == 1;
        }, ct);
        if (renewed) deal.HoldLease(held with { Until = until });
        return renewed;
    }

    /// <summary>
    /// The end of a lease asked for at <paramref name="now"/>, counted from when its statement runs. A claim or
    /// renewal held up by an outage (transient retries, a full pool, the SQLite writer queue) would otherwise write
    /// an end that has already passed: the proof before an Omie write said "still yours" and the write went out while
    /// another instance could claim the deal at once. Delays under a second are left out, so the normal path stores
    /// exactly <c>now + lease</c>; the heartbeat's margin (a third of a lease of at least 5 s) covers them.
    /// </summary>
    private DateTimeOffset LeaseEnd(DateTimeOffset now, TimeSpan lease, long askedAt) =>
        now + lease + TimeSpan.FromSeconds(Math.Floor(clock.GetElapsedTime(askedAt).TotalSeconds));

    public async Task<bool> SaveAsync(Deal deal, string? note, bool releaseLease, DateTimeOffset now, CancellationToken ct = default)
    {
        var updated = await WriteAsync(async (db, tx) =>
        {
            var row = LedgerRow.From(deal);
            row.UpdatedAt = now.ToUnixTimeMilliseconds();
            var saved = await LedgerStatements.Save.ExecuteAsync(writer, db, tx, (row, releaseLease), ct) == 1;
            if (saved && note is not null)
                await AppendHistoryAsync(db, tx, deal.DealId, now, deal.State, note, ct);
            if (saved)
                foreach (var outbox in _outboxes) await outbox.EnlistAsync(db, tx, deal, deal.Version + 1, now, ct);
            return saved;
        }, ct);
        // Only once committed: a repeated attempt must still see the version it read.
        if (updated)
        {
            deal.MarkSaved(deal.Version + 1, now);
            if (releaseLease) deal.ReleaseLease();
        }
        return updated;
    }

    public Task AppendNoteAsync(string dealId, string note, DateTimeOffset now, CancellationToken ct = default) =>
        WriteStatementAsync((db, tx) => LedgerStatements.AppendNote.ExecuteAsync(writer, db, tx, (dealId, now.ToUnixTimeMilliseconds(), note), ct), ct);

    public Task<IReadOnlyList<DealHistoryEntry>> HistoryAsync(string dealId, CancellationToken ct = default) => ReadAsync<IReadOnlyList<DealHistoryEntry>>(async db =>
    {
        var rows = await db.QueryAsync<(long At, string State, string Note)>(new CommandDefinition(LedgerSql.History, new { dealId }, cancellationToken: ct));
        return rows.Select(r => new DealHistoryEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.State, r.Note)).ToList();
    }, ct);

    public Task<IReadOnlyList<Deal>> ListAsync(DealQuery query, CancellationToken ct = default) => ReadAsync<IReadOnlyList<Deal>>(async db =>
    {
        var rows = await db.QueryAsync<LedgerRow>(new CommandDefinition(LedgerSql.List(query.Filter),
            new { query.Filter, query.PageSize, Offset = (query.Page - 1) * query.PageSize }, cancellationToken: ct));
        return rows.Select(r => r.ToDeal()).ToList();
    }, ct);

    public Task<bool> MarkStuckAsync(string dealId, string note, DateTimeOffset now, CancellationToken ct = default) => WriteAsync(async (db, tx) =>
    {
        var state = await db.ExecuteScalarAsync<string?>(new CommandDefinition(LedgerSql.MarkStuck, new { dealId }, tx, cancellationToken: ct));
        if (state is not null)
            await AppendHistoryAsync(db, tx, dealId, now, state, note, ct);
        return state is not null;
    }, ct);

    public Task<IReadOnlyList<Deal>> FindNewlyStuckAsync(DateTimeOffset olderThan, int limit, CancellationToken ct = default) => ReadAsync<IReadOnlyList<Deal>>(async db =>
    {
        var rows = await db.QueryAsync<LedgerRow>(new CommandDefinition(LedgerSql.NewlyStuck,
            new { olderThan = olderThan.ToUnixTimeMilliseconds(), limit }, cancellationToken: ct));
        return rows.Select(r => r.ToDeal()).ToList();
    }, ct);

    private Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct) =>
        WithRetryAsync(() => OnWriteAsync((db, tx) => write(db, tx ?? throw new InvalidOperationException("A write of several statements runs in a transaction.")), ct), ct);

    /// <summary>A write of one statement: atomic by itself, so PostgreSQL needs no BEGIN/COMMIT around it.</summary>
    private Task<T> WriteStatementAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> write, CancellationToken ct) =>
        WithRetryAsync(() => OnWriteAsync(write, ct, oneStatement: true), ct);

    private Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) => WithRetryAsync(async () =>
    {
        await using var db = await Connections.OpenAsync(ct);
        return await read(db);
    }, ct);

    /// <summary>
    /// Repeats one ledger operation (its own connection and transaction) while the database is briefly unreachable
    /// or busy: a restart, a failover, connections killed by an admin, a SQLite file locked by another process.
    /// Repeating is safe for every operation here: inserts are ON CONFLICT DO NOTHING, a claim that did commit is
    /// found held (the deal is swept again later, marked uncertain), and a save whose commit did happen finds a newer
    /// version and reports a lost lease.
    /// </summary>
    private async Task<T> WithRetryAsync<T>(Func<Task<T>> operation, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var deadline = clock.GetUtcNow() + TransientRetryBudget;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (Exception ex) when (IsTransient(ex) && !ct.IsCancellationRequested && clock.GetUtcNow() + delay < deadline)
            {
                if (attempt == 1) OnFirstTransientFailure();
                await Task.Delay(delay, clock, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

    private Task AppendHistoryAsync(DbConnection db, DbTransaction tx, string dealId, DateTimeOffset at, string state, string note, CancellationToken ct) =>
        LedgerStatements.AppendHistory.ExecuteAsync(writer, db, tx, (dealId, at.ToUnixTimeMilliseconds(), state, note), ct);
}
