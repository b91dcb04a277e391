using System.Data.Common;
using Dapper;
using ErpConnector.Distributors.Runs;

namespace ErpConnector.Persistence.Prices;

/// <summary>
/// Feed runs and per-feed state, the same SQL on SQLite and PostgreSQL; each provider says how it opens a
/// connection, serialises start-or-join and spells the few statements that differ. "One live run per feed" is the
/// partial unique index ux_distributor_feed_runs_live, so it holds across instances sharing the database.
/// </summary>
public abstract class FeedRunStore : IFeedRunStore
{

    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>Serialises start-or-join for one feed across instances; the transaction itself may already do it.</summary>
    protected virtual Task LockFeedAsync(DbConnection db, DbTransaction tx, string feedId, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Writes the feed's state from a finished run (a FeedRunRow's parameters).</summary>
    protected abstract string UpsertStateSql { get; }

    /// <summary>ORDER BY expression that sorts feed ids by their bytes on every engine.</summary>
    protected virtual string FeedIdOrder => "feed_id";

    public async Task<(FeedRun Run, bool Joined)> StartOrJoinAsync(string feedId, string trigger, bool force, DateTimeOffset now, TimeSpan abandonAfter, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        await LockFeedAsync(db, tx, feedId, ct);
        await InterruptAbandonedAsync(db, tx, feedId, now, abandonAfter, ct);
        var live = await db.QuerySingleOrDefaultAsync<FeedRunRow>(new CommandDefinition(
            $"SELECT {FeedRunRow.Columns} FROM distributor_feed_runs WHERE feed_id = @feedId AND status IN ('queued', 'running')",
            new { feedId }, tx, cancellationToken: ct));
        if (live is not null)
        {
            await tx.CommitAsync(ct);
            return (live.ToRun(), true);
        }
        var run = new FeedRun
        {
            RunId = $"run_{Guid.CreateVersion7():N}", FeedId = feedId, Trigger = trigger, Forced = force,
            Status = FeedRunStatus.Queued, CreatedAt = now, HeartbeatAt = now,
        };
        await db.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO distributor_feed_runs ({FeedRunRow.Columns})
            VALUES (@RunId, @FeedId, @Trigger, @Forced, @Status, @Reason, @Message, @RowsRead, @RowsValid, @RowsMalformed, @RowsExpected,
                    @Added, @Changed, @Removed, @Unchanged, @BytesRead, @BytesTotal, @RowCountBefore, @RowCountAfter, @MalformedLines,
                    @CreatedAt, @StartedAt, @FinishedAt, @HeartbeatAt, @EventsPublished)
            """, FeedRunRow.From(run), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (run, false);
    }

    public async Task<bool> TryBeginAsync(string runId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        var ms = now.ToUnixTimeMilliseconds();
        return await db.ExecuteAsync(new CommandDefinition(
            "UPDATE distributor_feed_runs SET status = 'running', started_at = @ms, heartbeat_at = @ms WHERE run_id = @runId AND status = 'queued'",
            new { runId, ms }, cancellationToken: ct)) == 1;
    }

    public async Task SaveProgressAsync(FeedRun run, DateTimeOffset now, CancellationToken ct)
    {
        run.HeartbeatAt = now;
        await using var db = await OpenConnectionAsync(ct);
        // Only while running: a late progress write must never overwrite an outcome.
        await db.ExecuteAsync(new CommandDefinition(FeedRunRow.Update + " AND status = 'running'", FeedRunRow.From(run), cancellationToken: ct));
    }

    public async Task FinishAsync(FeedRun run, CancellationToken ct)
    {
        run.HeartbeatAt = run.FinishedAt ?? run.HeartbeatAt;
        await using var db = await OpenConnectionAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        var row = FeedRunRow.From(run);
        await db.ExecuteAsync(new CommandDefinition(FeedRunRow.Update, row, tx, cancellationToken: ct));
        await db.ExecuteAsync(new CommandDefinition(UpsertStateSql, row, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<FeedRun?> GetAsync(string runId, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<FeedRunRow>(new CommandDefinition(
            $"SELECT {FeedRunRow.Columns} FROM distributor_feed_runs WHERE run_id = @runId", new { runId }, cancellationToken: ct));
        return row?.ToRun();
    }

    public async Task<FeedRun?> GetActiveAsync(string feedId, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<FeedRunRow>(new CommandDefinition(
            $"SELECT {FeedRunRow.Columns} FROM distributor_feed_runs WHERE feed_id = @feedId AND status IN ('queued', 'running')",
            new { feedId }, cancellationToken: ct));
        return row?.ToRun();
    }

    public async Task<FeedState?> GetStateAsync(string feedId, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition(
            $"SELECT {StateRow.Columns} FROM distributor_feed_state WHERE feed_id = @feedId", new { feedId }, cancellationToken: ct));
        return row?.ToState();
    }

    public async Task<IReadOnlyList<FeedState>> ListStatesAsync(CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        var rows = await db.QueryAsync<StateRow>(new CommandDefinition(
            $"SELECT {StateRow.Columns} FROM distributor_feed_state ORDER BY {FeedIdOrder}", cancellationToken: ct));
        return rows.Select(r => r.ToState()).ToList();
    }

    public async Task<IReadOnlyList<FeedRun>> ListUnpublishedAsync(string? feedId, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        var rows = await db.QueryAsync<FeedRunRow>(new CommandDefinition(
            $"""
            SELECT {FeedRunRow.Columns} FROM distributor_feed_runs
            WHERE events_published = FALSE AND status IN ('applied', 'rejected', 'failed') AND (CAST(@feedId AS TEXT) IS NULL OR feed_id = @feedId)
            ORDER BY finished_at LIMIT 100
            """, new { feedId }, cancellationToken: ct));
        return rows.Select(r => r.ToRun()).ToList();
    }

    public async Task MarkPublishedAsync(string runId, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            "UPDATE distributor_feed_runs SET events_published = TRUE WHERE run_id = @runId", new { runId }, cancellationToken: ct));
    }

    public async Task<int> InterruptAbandonedAsync(DateTimeOffset now, TimeSpan abandonAfter, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        var count = await InterruptAbandonedAsync(db, tx, null, now, abandonAfter, ct);
        await tx.CommitAsync(ct);
        return count;
    }

    private async Task<int> InterruptAbandonedAsync(DbConnection db, DbTransaction tx, string? feedId, DateTimeOffset now, TimeSpan abandonAfter, CancellationToken ct)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var abandoned = (await db.QueryAsync<FeedRunRow>(new CommandDefinition(
            $"""
            UPDATE distributor_feed_runs
            SET status = 'interrupted', finished_at = @ms, events_published = TRUE,
                message = 'The run stopped without finishing (its process ended); nothing was applied and the last good snapshot stays.'
            WHERE status IN ('queued', 'running') AND heartbeat_at < @cutoff AND (CAST(@feedId AS TEXT) IS NULL OR feed_id = @feedId)
            RETURNING {FeedRunRow.Columns}
            """, new { ms, cutoff = ms - (long)abandonAfter.TotalMilliseconds, feedId }, tx, cancellationToken: ct))).ToList();
        foreach (var row in abandoned)
            await db.ExecuteAsync(new CommandDefinition(UpsertStateSql, row, tx, cancellationToken: ct));
        return abandoned.Count;
    }

    private sealed class StateRow
    {
        public const string Columns = "feed_id, last_good_run_id, last_good_at, row_count, last_run_id, last_run_status, last_run_at";
        public string FeedId { get; set; } = "";
        public string? LastGoodRunId { get; set; }
        public long? LastGoodAt { get; set; }
        public long RowCount { get; set; }
        public string? LastRunId { get; set; }
        public string? LastRunStatus { get; set; }
        public long? LastRunAt { get; set; }

        public FeedState ToState() => new(FeedId, LastGoodRunId, FromMs(LastGoodAt), RowCount, LastRunId, LastRunStatus, FromMs(LastRunAt));
        private static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }
}
