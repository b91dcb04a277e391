using Dapper;

namespace ErpConnector.Persistence.SalesOs;

/// <summary>Durable cursors of SalesOS sync jobs (table salesos_sync): where the next run lists from, when one last ran.</summary>
public sealed class SalesOsSyncStore(ConnectionFactory connections)
{
    public sealed record Cursor(DateTimeOffset At, DateTimeOffset? LastRunAt, int LastFound);

    public async Task<Cursor?> GetAsync(string name, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT cursor_at, last_run_at, last_found FROM salesos_sync WHERE name = @name", new { name }, cancellationToken: ct));
        return row is { } r
            ? new Cursor(DateTimeOffset.FromUnixTimeMilliseconds(r.CursorAt), r.LastRunAt is { } l ? DateTimeOffset.FromUnixTimeMilliseconds(l) : null, r.LastFound)
            : null;
    }

    /// <summary>Moves the cursor forward (never back: two runs racing keep the further one).</summary>
    public async Task AdvanceAsync(string name, DateTimeOffset cursorAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO salesos_sync (name, cursor_at, updated_at) VALUES (@name, @cursorAt, @now)
            ON CONFLICT (name) DO UPDATE SET cursor_at = excluded.cursor_at, updated_at = excluded.updated_at
            WHERE excluded.cursor_at > salesos_sync.cursor_at
            """,
            new { name, cursorAt = cursorAt.ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    /// <summary>Records a finished run and how many deals it found that the ledger did not know.</summary>
    public async Task RecordRunAsync(string name, DateTimeOffset startCursor, DateTimeOffset now, int found, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO salesos_sync (name, cursor_at, last_run_at, last_found, updated_at) VALUES (@name, @cursorAt, @now, @found, @now)
            ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, last_found = excluded.last_found, updated_at = excluded.updated_at
            """,
            new { name, cursorAt = startCursor.ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds(), found }, cancellationToken: ct));
    }

    /// <summary>When the last webhook delivery from <paramref name="source"/> arrived (any event type).</summary>
    public async Task<DateTimeOffset?> LastWebhookDeliveryAsync(string source, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var ms = await db.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(received_at) FROM webhook_deliveries WHERE source = @source", new { source }, cancellationToken: ct));
        return ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }

    private sealed class Row
    {
        public long CursorAt { get; set; }
        public long? LastRunAt { get; set; }
        public int LastFound { get; set; }
    }
}
