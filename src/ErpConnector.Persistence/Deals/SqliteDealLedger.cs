using System.Data.Common;
using Dapper;

namespace ErpConnector.Persistence.Deals;

/// <summary>The ledger on SQLite. Leases are conditional UPDATEs, so two workers (or two instances on a
/// shared database) never advance the same deal at once; saves check <c>version</c> for the same reason.</summary>
public sealed class SqliteDealLedger(ConnectionFactory connections, SqliteWriteGate writes) : IDealLedger
{
    private const string Columns = LedgerSql.Columns;

    static SqliteDealLedger() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public async Task<bool> TryRecordEventAsync(string eventId, string dealId, DateTimeOffset now, CancellationToken ct = default)
    {
        using var writer = await writes.EnterAsync(connections, ct);
        var db = writer.Connection;
        var inserted = await db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO processed_events (event_id, deal_id, received_at) VALUES (@eventId, @dealId, @now) ON CONFLICT (event_id) DO NOTHING",
            new { eventId, dealId, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        writer.Complete();
        return inserted == 1;
    }

    public async Task<bool> TryCreateAsync(DealRecord deal, string note, CancellationToken ct = default)
    {
        using var writer = await writes.EnterAsync(connections, ct);
        var db = writer.Connection;
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
        writer.Complete();
        return inserted == 1;
    }

    public async Task<DealRecord?> GetAsync(string dealId, CancellationToken ct = default)
    {
        await using var db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<LedgerRow>(new CommandDefinition(
            $"SELECT {Columns} FROM deals WHERE deal_id = @dealId", new { dealId }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<DealRecord?> TryClaimAsync(string dealId, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default)
    {
        using var writer = await writes.EnterAsync(connections, ct);
        var db = writer.Connection;
        var row = await db.QuerySingleOrDefaultAsync<LedgerRow>(new CommandDefinition(
            $"""
            UPDATE deals SET lease_owner = @owner, lease_until = @until, version = version + 1,
                uncertain = CASE WHEN lease_owner IS NOT NULL AND lease_until < @now THEN 1 ELSE uncertain END
            WHERE deal_id = @dealId AND (lease_until IS NULL OR lease_until < @now)
            RETURNING {Columns}
            """,
            new { dealId, owner, now = now.ToUnixTimeMilliseconds(), until = (now + lease).ToUnixTimeMilliseconds() },
            cancellationToken: ct));
        writer.Complete();
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<DealRecord>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct = default)
    {
        using var writer = await writes.EnterAsync(connections, ct);
        var db = writer.Connection;
        // One statement picks and leases the rows, so concurrent sweepers cannot both take a deal.
        var rows = await db.QueryAsync<LedgerRow>(new CommandDefinition(
            $"""
            UPDATE deals SET lease_owner = @owner, lease_until = @until, version = version + 1,
                uncertain = CASE WHEN lease_owner IS NOT NULL THEN 1 ELSE uncertain END
            WHERE deal_id IN (
                SELECT deal_id FROM deals
                WHERE next_due_at IS NOT NULL AND next_due_at <= @now AND (lease_until IS NULL OR lease_until < @now)
                ORDER BY next_due_at LIMIT @limit)
            RETURNING {Columns}
            """,
            new { owner, now = now.ToUnixTimeMilliseconds(), until = (now + lease).ToUnixTimeMilliseconds(), limit },
            cancellationToken: ct));
        writer.Complete();
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<bool> SaveAsync(DealRecord deal, string? note, bool releaseLease, DateTimeOffset now, CancellationToken ct = default)
    {
        using var writer = await writes.EnterAsync(connections, ct);
        var db = writer.Connection;
        deal.UpdatedAt = now;
        if (releaseLease)
        {
            deal.LeaseOwner = null;
            deal.LeaseUntil = null;
        }
        await using var tx = await db.BeginTransactionAsync(ct);
        var updated = await db.ExecuteAsync(new CommandDefinition(
            LedgerSql.Save,
            LedgerRow.From(deal), tx, cancellationToken: ct));
        if (updated == 1 && note is not null)
            await AppendHistoryAsync(db, tx, deal.DealId, now, deal.State, note, ct);
        await tx.CommitAsync(ct);
        if (updated == 1) deal.Version++;
        writer.Complete();
        return updated == 1;
    }

    public async Task<IReadOnlyList<DealHistoryEntry>> HistoryAsync(string dealId, CancellationToken ct = default)
    {
        await using var db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<(long At, string State, string Note)>(new CommandDefinition(
            "SELECT at, state, note FROM deal_history WHERE deal_id = @dealId ORDER BY id", new { dealId }, cancellationToken: ct));
        return rows.Select(r => new DealHistoryEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.State, r.Note)).ToList();
    }

    public async Task<IReadOnlyList<DealRecord>> ListAsync(DealQuery query, CancellationToken ct = default)
    {
        var where = query.Filter switch
        {
            null or "" => "1 = 1",
            "stuck" => "stuck = 1",
            "uncertain" => "uncertain = 1",
            _ => "state = @Filter",
        };
        await using var db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<LedgerRow>(new CommandDefinition(
            $"SELECT {Columns} FROM deals WHERE {where} ORDER BY updated_at DESC, deal_id LIMIT @PageSize OFFSET @Offset",
            new { query.Filter, query.PageSize, Offset = (query.Page - 1) * query.PageSize }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<bool> MarkStuckAsync(string dealId, string note, DateTimeOffset now, CancellationToken ct = default)
    {
        using var writer = await writes.EnterAsync(connections, ct);
        var db = writer.Connection;
        await using var tx = await db.BeginTransactionAsync(ct);
        var updated = await db.ExecuteAsync(new CommandDefinition(
            "UPDATE deals SET stuck = 1 WHERE deal_id = @dealId AND stuck = 0", new { dealId }, tx, cancellationToken: ct));
        if (updated == 1)
        {
            var state = await db.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT state FROM deals WHERE deal_id = @dealId", new { dealId }, tx, cancellationToken: ct));
            await AppendHistoryAsync(db, tx, dealId, now, state ?? "", note, ct);
        }
        await tx.CommitAsync(ct);
        writer.Complete();
        return updated == 1;
    }

    public async Task<IReadOnlyList<DealRecord>> FindNewlyStuckAsync(DateTimeOffset olderThan, int limit, CancellationToken ct = default)
    {
        await using var db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<LedgerRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM deals
            WHERE stuck = 0 AND state NOT IN ('issued', 'failed', 'rejected') AND created_at < @olderThan
            ORDER BY created_at LIMIT @limit
            """,
            new { olderThan = olderThan.ToUnixTimeMilliseconds(), limit }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    private static Task AppendHistoryAsync(DbConnection db, DbTransaction tx, string dealId, DateTimeOffset at, string state, string note, CancellationToken ct) =>
        db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO deal_history (deal_id, at, state, note) VALUES (@dealId, @at, @state, @note)",
            new { dealId, at = at.ToUnixTimeMilliseconds(), state, note }, tx, cancellationToken: ct));

    private const string Parameters = LedgerSql.Parameters;
}
