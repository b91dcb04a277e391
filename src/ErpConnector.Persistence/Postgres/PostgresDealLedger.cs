using System.Data.Common;
using Dapper;
using Npgsql;
using ErpConnector.Persistence.Deals;

namespace ErpConnector.Persistence.Postgres;

/// <summary>
/// The ledger on PostgreSQL, shared by several instances. Same contract as <see cref="SqliteDealLedger"/>:
/// a lease is a conditional UPDATE (row lock + re-check of the condition under READ COMMITTED), the sweep
/// picks due rows with <c>FOR UPDATE SKIP LOCKED</c> so concurrent sweepers on different instances split the
/// work instead of queueing on each other, and every save checks <c>version</c> (optimistic concurrency).
/// A lease that expired without being released means its worker died (kill -9, crash) or threw in the middle of
/// a step whose outcome in Omie is unknown: taking such a deal over marks it <c>uncertain</c>, so the processor
/// asks Omie first (ConsultarOS / StatusOS) instead of resending IncluirOS / FaturarOS. The chaos suite's kill -9
/// scenario found deals failing on "OS já está faturada" without this.
/// </summary>
public sealed class PostgresDealLedger(ConnectionFactory connections) : IDealLedger
{
    private const string ColumnNames = LedgerSql.Columns;

    private static readonly string Columns = ColumnNames;
    private static readonly string QualifiedColumns = string.Join(", ",
        ColumnNames.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => "d." + c));

    static PostgresDealLedger() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public Task<bool> TryRecordEventAsync(string eventId, string dealId, DateTimeOffset now, CancellationToken ct = default) => WithRetryAsync<bool>(async ct =>
    {
        await using var db = await connections.OpenAsync(ct);
        var inserted = await db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO processed_events (event_id, deal_id, received_at) VALUES (@eventId, @dealId, @now) ON CONFLICT (event_id) DO NOTHING",
            new { eventId, dealId, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return inserted == 1;
    }, ct);

    public Task<bool> TryCreateAsync(DealRecord deal, string note, CancellationToken ct = default) => WithRetryAsync<bool>(async ct =>
    {
        await using var db = await connections.OpenAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        var inserted = await db.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO deals ({Columns}) VALUES ({Parameters}) ON CONFLICT (deal_id) DO NOTHING",
            LedgerRow.From(deal), tx, cancellationToken: ct));
        if (inserted == 1)
        {
            await AppendHistoryAsync(db, tx, deal.DealId, deal.UpdatedAt, deal.State, note, ct);
            // The deal's own event id is remembered in the same transaction: one write per new deal, not two.
            await db.ExecuteAsync(new CommandDefinition(
                LedgerSql.RecordEvent,
                new { deal.EventId, deal.DealId, CreatedAt = deal.CreatedAt.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return inserted == 1;
    }, ct);

    public Task<DealRecord?> GetAsync(string dealId, CancellationToken ct = default) => WithRetryAsync<DealRecord?>(async ct =>
    {
        await using var db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<LedgerRow>(new CommandDefinition(
            $"SELECT {Columns} FROM deals WHERE deal_id = @dealId", new { dealId }, cancellationToken: ct));
        return row?.ToRecord();
    }, ct);

    public Task<DealRecord?> TryClaimAsync(string dealId, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default) => WithRetryAsync<DealRecord?>(async ct =>
    {
        await using var db = await connections.OpenAsync(ct);
        // A concurrent claimer waits on the row lock, then re-checks the WHERE against the committed row
        // (READ COMMITTED re-evaluation), so only one of them gets the lease.
        var row = await db.QuerySingleOrDefaultAsync<LedgerRow>(new CommandDefinition(
            $"""
            UPDATE deals SET lease_owner = @owner, lease_until = @until, version = version + 1,
                uncertain = uncertain OR (lease_owner IS NOT NULL AND lease_until < @now)
            WHERE deal_id = @dealId AND (lease_until IS NULL OR lease_until < @now)
            RETURNING {Columns}
            """,
            new { dealId, owner, now = now.ToUnixTimeMilliseconds(), until = (now + lease).ToUnixTimeMilliseconds() },
            cancellationToken: ct));
        return row?.ToRecord();
    }, ct);

    public Task<IReadOnlyList<DealRecord>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct = default) => WithRetryAsync<IReadOnlyList<DealRecord>>(async ct =>
    {
        await using var db = await connections.OpenAsync(ct);
        // SKIP LOCKED: rows another instance is claiming right now are left to it, not waited for.
        var rows = await db.QueryAsync<LedgerRow>(new CommandDefinition(
            $"""
            WITH due AS (
                SELECT deal_id FROM deals
                WHERE next_due_at IS NOT NULL AND next_due_at <= @now AND (lease_until IS NULL OR lease_until < @now)
                ORDER BY next_due_at
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            UPDATE deals d SET lease_owner = @owner, lease_until = @until, version = d.version + 1,
                uncertain = d.uncertain OR d.lease_owner IS NOT NULL
            FROM due WHERE d.deal_id = due.deal_id
            RETURNING {QualifiedColumns}
            """,
            new { owner, now = now.ToUnixTimeMilliseconds(), until = (now + lease).ToUnixTimeMilliseconds(), limit },
            cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).OrderBy(r => r.NextDueAt).ToList();
    }, ct);

    public Task<bool> SaveAsync(DealRecord deal, string? note, bool releaseLease, DateTimeOffset now, CancellationToken ct = default) => WithRetryAsync<bool>(async ct =>
    {
        deal.UpdatedAt = now;
        if (releaseLease)
        {
            deal.LeaseOwner = null;
            deal.LeaseUntil = null;
        }
        await using var db = await connections.OpenAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        var updated = await db.ExecuteAsync(new CommandDefinition(
            LedgerSql.Save,
            LedgerRow.From(deal), tx, cancellationToken: ct));
        if (updated == 1 && note is not null)
            await AppendHistoryAsync(db, tx, deal.DealId, now, deal.State, note, ct);
        await tx.CommitAsync(ct);
        if (updated == 1) deal.Version++;
        return updated == 1;
    }, ct);

    public Task<IReadOnlyList<DealHistoryEntry>> HistoryAsync(string dealId, CancellationToken ct = default) => WithRetryAsync<IReadOnlyList<DealHistoryEntry>>(async ct =>
    {
        await using var db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<(long At, string State, string Note)>(new CommandDefinition(
            "SELECT at, state, note FROM deal_history WHERE deal_id = @dealId ORDER BY id", new { dealId }, cancellationToken: ct));
        return rows.Select(r => new DealHistoryEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.State, r.Note)).ToList();
    }, ct);

    public Task<IReadOnlyList<DealRecord>> ListAsync(DealQuery query, CancellationToken ct = default) => WithRetryAsync<IReadOnlyList<DealRecord>>(async ct =>
    {
        var where = query.Filter switch
        {
            null or "" => "TRUE",
            "stuck" => "stuck",
            "uncertain" => "uncertain",
            _ => "state = @Filter",
        };
        await using var db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<LedgerRow>(new CommandDefinition(
            $"SELECT {Columns} FROM deals WHERE {where} ORDER BY updated_at DESC, deal_id LIMIT @PageSize OFFSET @Offset",
            new { query.Filter, query.PageSize, Offset = (query.Page - 1) * query.PageSize }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }, ct);

    public Task<bool> MarkStuckAsync(string dealId, string note, DateTimeOffset now, CancellationToken ct = default) => WithRetryAsync<bool>(async ct =>
    {
        await using var db = await connections.OpenAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        var state = await db.ExecuteScalarAsync<string>(new CommandDefinition(
            "UPDATE deals SET stuck = TRUE WHERE deal_id = @dealId AND stuck = FALSE RETURNING state", new { dealId }, tx, cancellationToken: ct));
        if (state is not null)
            await AppendHistoryAsync(db, tx, dealId, now, state, note, ct);
        await tx.CommitAsync(ct);
        return state is not null;
    }, ct);

    public Task<IReadOnlyList<DealRecord>> FindNewlyStuckAsync(DateTimeOffset olderThan, int limit, CancellationToken ct = default) => WithRetryAsync<IReadOnlyList<DealRecord>>(async ct =>
    {
        await using var db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<LedgerRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM deals
            WHERE stuck = FALSE AND state NOT IN ('issued', 'failed', 'rejected') AND created_at < @olderThan
            ORDER BY created_at LIMIT @limit
            """,
            new { olderThan = olderThan.ToUnixTimeMilliseconds(), limit }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }, ct);

    /// <summary>How long one ledger call keeps retrying a dropped or refused connection before it gives up.</summary>
    public static TimeSpan TransientRetryBudget { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs one ledger operation (its own connection and transaction), retrying it while PostgreSQL is briefly
    /// unreachable: a restart, a failover, connections killed by an admin. The first failure clears the pool, whose
    /// idle connections are most likely dead too. Repeating is safe for every operation here: inserts are
    /// ON CONFLICT DO NOTHING, claims accept their own owner, and a save whose commit did happen finds a newer
    /// version and reports a lost lease (the deal is then swept again, marked uncertain).
    /// </summary>
    private async Task<T> WithRetryAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var deadline = DateTime.UtcNow + TransientRetryBudget;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(ct);
            }
            catch (Exception ex) when (IsTransient(ex) && !ct.IsCancellationRequested && DateTime.UtcNow + delay < deadline)
            {
                if (attempt == 1)
                {
                    using var pooled = new NpgsqlConnection(connections.ConnectionString);
                    NpgsqlConnection.ClearPool(pooled);
                }
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        // 08: connection exceptions; 57P01-03: admin shutdown, crash shutdown, cannot connect now; 53: resources;
        // 55000 with ALLOW_CONNECTIONS false: "database is not currently accepting connections".
        PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState == "55000" && pg.MessageText.Contains("accepting connections", StringComparison.OrdinalIgnoreCase),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException,
        _ => false,
    };

    private static Task AppendHistoryAsync(DbConnection db, DbTransaction tx, string dealId, DateTimeOffset at, string state, string note, CancellationToken ct) =>
        db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO deal_history (deal_id, at, state, note) VALUES (@dealId, @at, @state, @note)",
            new { dealId, at = at.ToUnixTimeMilliseconds(), state, note }, tx, cancellationToken: ct));

    private const string Parameters = LedgerSql.Parameters;

}
