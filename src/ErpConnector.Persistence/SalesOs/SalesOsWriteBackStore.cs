using System.Data.Common;
using Dapper;

namespace ErpConnector.Persistence.SalesOs;

/// <summary>One deal's write-back as the outbox holds it. <c>Seq</c> is the deal's version when the state was saved (a
/// later save always has a higher one); <c>Content</c> is what to show on the SalesOS deal (JSON, written by the service).</summary>
public sealed record WriteBackRow(
    string DealId, long Seq, string State, string Content, string Status, int Attempts, DateTimeOffset? NextDueAt,
    string? LastError, string? DeliveredState, DateTimeOffset? DeliveredAt, DateTimeOffset EnlistedAt);

/// <summary>
/// The SalesOS write-back outbox (table salesos_writebacks, SQLite or PostgreSQL alike). One row per deal holding the
/// latest state to show: a newer state replaces an older one not yet delivered, so SalesOS sees states in the order
/// the deal went through them and never an older one after a newer. Rows are claimed with a lease, so one worker at
/// a time writes a deal, across instances too.
/// </summary>
public sealed class SalesOsWriteBackStore(ConnectionFactory connections)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    /// <summary>SalesOS refused this write as it is (no such deal, validation): not retried until the deal's next state.</summary>
    public const string Refused = "refused";

    /// <summary>Enlists a state inside the deal's save transaction. Does nothing when the row already holds the same
    /// state and content (the same state is never written twice) or a newer save's.</summary>
    public static Task EnlistAsync(DbConnection db, DbTransaction tx, string dealId, long seq, string state, string content, DateTimeOffset now, CancellationToken ct) =>
        db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO salesos_writebacks (deal_id, seq, state, content, status, attempts, next_due_at, enlisted_at, updated_at)
            VALUES (@dealId, @seq, @state, @content, 'pending', 0, @now, @now, @now)
            ON CONFLICT (deal_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, content = excluded.content,
                status = 'pending', attempts = 0, next_due_at = excluded.next_due_at, last_error = NULL,
                enlisted_at = excluded.enlisted_at, updated_at = excluded.updated_at
            WHERE excluded.seq > salesos_writebacks.seq
              AND (excluded.state <> salesos_writebacks.state OR excluded.content <> salesos_writebacks.content)
            """,
            new { dealId, seq, state, content, now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));

    /// <summary>Claims up to <paramref name="limit"/> due rows for <paramref name="owner"/> (unique per claim) until
    /// <paramref name="until"/>.</summary>
    public async Task<IReadOnlyList<WriteBackRow>> ClaimDueAsync(string owner, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken ct)
    {
        var lockClause = connections.IsPostgres ? "FOR UPDATE SKIP LOCKED" : "";
        await using var db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<Row>(new CommandDefinition(
            $"""
            UPDATE salesos_writebacks SET lease_owner = @owner, lease_until = @until
            WHERE deal_id IN (
                SELECT deal_id FROM salesos_writebacks
                WHERE status = 'pending' AND next_due_at <= @now AND (lease_until IS NULL OR lease_until < @now)
                ORDER BY next_due_at LIMIT @limit {lockClause})
              AND status = 'pending' AND (lease_until IS NULL OR lease_until < @now)
            RETURNING {Columns}
            """,
            new { owner, now = now.ToUnixTimeMilliseconds(), until = until.ToUnixTimeMilliseconds(), limit }, cancellationToken: ct));
        return rows.OrderBy(r => r.NextDueAt).Select(r => r.ToRow()).ToList();
    }

    /// <summary>Records that <paramref name="seq"/> reached SalesOS. The row stays pending when a newer state was
    /// enlisted meanwhile (it is due at once). False when the lease was lost.</summary>
    public async Task<bool> MarkDeliveredAsync(string dealId, string owner, long seq, string state, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(
            """
            UPDATE salesos_writebacks SET delivered_seq = @seq, delivered_state = @state, delivered_at = @now,
                status = CASE WHEN seq = @seq THEN 'delivered' ELSE 'pending' END,
                next_due_at = CASE WHEN seq = @seq THEN NULL ELSE @now END,
                attempts = CASE WHEN seq = @seq THEN attempts + 1 ELSE 0 END,
                last_error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = @now
            WHERE deal_id = @dealId AND lease_owner = @owner
            """,
            new { dealId, owner, seq, state, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 1;
    }

    /// <summary>Records a failed attempt and when to try again; the invoice itself is never touched.</summary>
    public async Task MarkFailedAsync(string dealId, string owner, string error, DateTimeOffset nextDue, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            """
            UPDATE salesos_writebacks SET attempts = attempts + 1, last_error = @error, next_due_at = @nextDue,
                lease_owner = NULL, lease_until = NULL, updated_at = @now
            WHERE deal_id = @dealId AND lease_owner = @owner
            """,
            new { dealId, owner, error, nextDue = nextDue.ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    /// <summary>Records that SalesOS refused the write as it is (e.g. 404: the deal did not come from SalesOS; 422):
    /// it is not retried; the deal's next state enlists a new write.</summary>
    public async Task MarkRefusedAsync(string dealId, string owner, string error, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            """
            UPDATE salesos_writebacks SET status = 'refused', attempts = attempts + 1, last_error = @error, next_due_at = NULL,
                lease_owner = NULL, lease_until = NULL, updated_at = @now
            WHERE deal_id = @dealId AND lease_owner = @owner
            """,
            new { dealId, owner, error, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    /// <summary>The deal's write-back, or null when none was enlisted.</summary>
    public async Task<WriteBackRow?> GetAsync(string dealId, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM salesos_writebacks WHERE deal_id = @dealId", new { dealId }, cancellationToken: ct));
        return row?.ToRow();
    }

    /// <summary>How many rows wait for delivery, and the oldest one's enlisting time (health, metrics).</summary>
    public async Task<(long Pending, DateTimeOffset? OldestEnlisted)> BacklogAsync(CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var (count, oldest) = await db.QuerySingleAsync<(long, long?)>(new CommandDefinition(
            "SELECT COUNT(*), MIN(enlisted_at) FROM salesos_writebacks WHERE status = 'pending'", cancellationToken: ct));
        return (count, oldest is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);
    }

    private const string Columns =
        "deal_id, seq, state, content, status, attempts, next_due_at, last_error, delivered_state, delivered_at, enlisted_at";

    private sealed class Row
    {
        public string DealId { get; set; } = "";
        public long Seq { get; set; }
        public string State { get; set; } = "";
        public string Content { get; set; } = "";
        public string Status { get; set; } = "";
        public int Attempts { get; set; }
        public long? NextDueAt { get; set; }
        public string? LastError { get; set; }
        public string? DeliveredState { get; set; }
        public long? DeliveredAt { get; set; }
        public long EnlistedAt { get; set; }

        public WriteBackRow ToRow() => new(DealId, Seq, State, Content, Status, Attempts, At(NextDueAt), LastError, DeliveredState,
            At(DeliveredAt), DateTimeOffset.FromUnixTimeMilliseconds(EnlistedAt));

        private static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }
}
