using Dapper;
using ErpConnector.Persistence.Deals;
using ErpConnector.Persistence.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErpConnector.Persistence.Tests.Deals;

/// <summary>
/// SQLite's group commit (<see cref="SqliteLedgerWriter"/>): the writes waiting for the single writer share one
/// transaction, each in a savepoint. What must hold: a failed write leaves nothing and fails nobody else; every
/// caller is answered only once its write is committed; what waits behind a busy writer is committed together.
/// </summary>
public sealed class When_writes_wait_for_the_sqlite_writer : IAsyncLifetime
{
    private readonly SqliteFile _file = new("erp-group-commit");
    private ConnectionFactory _connections = null!;
    private SqliteLedgerWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _connections = new ConnectionFactory(Options.Create(_file.Options));
        new DatabaseMigrator(_connections, NullLogger<DatabaseMigrator>.Instance).Migrate();
        await Task.CompletedTask;
        _writer = new SqliteLedgerWriter(_connections);
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _connections.DisposeAsync();
        _file.Delete();
    }

    [Fact]
    public async Task The_writes_queued_behind_a_busy_writer_commit_together_and_a_failed_one_leaves_nothing()
    {
        // The first write holds the writer thread until the others are queued behind it.
        var (first, hold) = await HoldTheWriterAsync();
        var queued = Enumerable.Range(0, 20).Select(i => _writer.RunAsync((db, tx) => InsertAsync(db, tx, $"queued-{i}"), default)).ToList();
        var failing = _writer.RunAsync<int>(async (db, tx) =>
        {
            await InsertAsync(db, tx, "failing");
            throw new InvalidOperationException("this write changes its mind after its insert");
        }, default);
        var after = _writer.RunAsync((db, tx) => InsertAsync(db, tx, "after-the-failure"), default);
        hold.Set();

        await first;
        await Task.WhenAll(queued);
        await after;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Contains("changes its mind", error.Message);

        var stored = await KeysAsync();
        Assert.Equal(22, stored.Count);
        Assert.DoesNotContain("failing", stored);
        Assert.Contains("after-the-failure", stored);
        // One commit for the first write, one for the 22 that waited behind it (the failed one included, rolled back alone).
        Assert.Equal(2, _writer.Commits);
        Assert.Equal(22, _writer.Writes);
    }

    [Fact]
    public async Task A_caller_is_answered_only_once_its_write_is_visible_to_another_connection()
    {
        var writes = Enumerable.Range(0, 50).Select(async i =>
        {
            await _writer.RunAsync((db, tx) => InsertAsync(db, tx, $"w-{i}"), default);
            // Answered: another connection must already see it (it was committed, not merely queued or run).
            Assert.Contains($"w-{i}", await KeysAsync());
        });
        await Task.WhenAll(writes);
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_is_not_run()
    {
        var (first, hold) = await HoldTheWriterAsync();
        using var cancel = new CancellationTokenSource();
        var cancelled = _writer.RunAsync((db, tx) => InsertAsync(db, tx, "cancelled"), cancel.Token);
        await cancel.CancelAsync();
        hold.Set();

        await first;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.DoesNotContain("cancelled", await KeysAsync());
    }

    [Fact]
    public async Task A_write_cancelled_while_its_statement_runs_fails_alone_and_the_rest_of_its_group_commits()
    {
        // Should the provider ever cancel a running command with sqlite3_interrupt, SQLite rolls back the WHOLE
        // transaction when an interrupted INSERT/UPDATE/DELETE runs inside one: the group's other writes must not go
        // with it (a heartbeat's renewal is cancelled whenever its pass ends).
        var (first, hold) = await HoldTheWriterAsync();
        var before = _writer.RunAsync((db, tx) => InsertAsync(db, tx, "before"), default);
        using var cancel = new CancellationTokenSource();
        var interrupted = _writer.RunAsync((db, tx) =>
        {
            // Cancelled from inside its own statement, so the cancellation lands while SQLite is running it.
            ((Microsoft.Data.Sqlite.SqliteConnection)db).CreateFunction("cancel_now", () => { cancel.Cancel(); return 0; });
            return db.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO processed_events (event_id, deal_id, received_at)
                SELECT 'interrupted', 'D', cancel_now() + (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) SELECT count(*) FROM c)
                """, transaction: tx, cancellationToken: cancel.Token));
        }, cancel.Token);
        var after = _writer.RunAsync((db, tx) => InsertAsync(db, tx, "after"), default);
        hold.Set();

        await first;
        var outcome = await Record.ExceptionAsync(() => interrupted);
        await before;
        await after;
        var stored = await KeysAsync();
        Assert.Contains("before", stored);
        Assert.Contains("after", stored);
        // Microsoft.Data.Sqlite 11 checks the token only before a statement, so today the write completes; whichever
        // way it goes, its caller's answer must match what was stored.
        Assert.Equal(outcome is null, stored.Contains("interrupted"));
    }

    [Fact]
    public async Task Writes_left_in_the_queue_when_it_is_disposed_fail_instead_of_hanging()
    {
        var (first, hold) = await HoldTheWriterAsync();
        var disposing = _writer.DisposeAsync().AsTask();
        hold.Set();
        await first;
        await disposing;

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _writer.RunAsync((db, tx) => InsertAsync(db, tx, "late"), default));
    }

    [Fact]
    public async Task A_write_that_starts_another_from_inside_itself_fails_instead_of_waiting_for_ever()
    {
        var nested = _writer.RunAsync(async (db, tx) =>
        {
            await _writer.RunAsync((db2, tx2) => InsertAsync(db2, tx2, "inner"), default);
            return await InsertAsync(db, tx, "outer");
        }, default);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => nested.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("cannot start another ledger write", error.Message);
        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task Each_ledger_statement_is_prepared_once_on_the_writer_connection_and_runs_again_with_new_values()
    {
        var ledger = new SqliteDealLedger(_connections, _writer, TimeProvider.System);
        var recorded = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => ledger.TryRecordEventAsync($"event-{i}", $"deal-{i}", DateTimeOffset.UtcNow)));

        Assert.All(recorded, Assert.True);
        // Each write bound its own values to the kept statement: every event id is there, none twice.
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"event-{i}").Order(), (await KeysAsync()).Order());
        Assert.Equal(1, _writer.PreparedStatements);
        Assert.False(await ledger.TryRecordEventAsync("event-7", "deal-7", DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task After_the_writer_loses_its_connection_the_kept_statements_are_prepared_again_on_the_new_one()
    {
        var ledger = new SqliteDealLedger(_connections, _writer, TimeProvider.System);
        Assert.True(await ledger.TryRecordEventAsync("before", "D", DateTimeOffset.UtcNow));

        // A write that breaks the connection under its group (as an I/O error would): the group fails, the writer
        // starts afresh with a new connection, and a statement prepared on the old one must not be used again.
        var breaking = _writer.RunAsync<int>((db, tx) =>
        {
            db.Close();
            return Task.FromResult(0);
        }, default);
        await Assert.ThrowsAnyAsync<Exception>(() => breaking);

        Assert.True(await ledger.TryRecordEventAsync("after", "D", DateTimeOffset.UtcNow));
        Assert.Equal(["after", "before"], (await KeysAsync()).Order());
        Assert.Equal(1, _writer.PreparedStatements);
    }

    [Fact]
    public async Task A_kept_statement_stores_every_value_as_microsoft_data_sqlite_stores_it()
    {
        LedgerRow Row(string id) => new()
        {
            // Past the writer's 16 KB text buffer (it grows), with a NUL and a lone surrogate in text (city messages
            // and notes carry whatever Omie sent).
            DealId = id, EventId = id + "-e", State = "issued", Uncertain = true, Payload = "{\"cidade\":\"São Paulo ✓\"}" + new string('x', 40_000),
            ErrorMessage = "antes\0depois \uD800 fim",
            OmieCustomerId = 9_876_543_210, Total = 12_345_678_901_234.56m, PaidAmount = 1500.5000m, Attempts = 3,
            NextDueAt = 1_700_000_000_123, StateSince = 1, CreatedAt = 2, UpdatedAt = 3, Version = 4, NfseNumber = "",
        };
        // The writer's kept statement, bound by position...
        await _writer.RunAsync((db, tx) => LedgerStatements.Create.ExecuteAsync(_writer, db, tx, Row("kept"), default), default);
        // ...and the same statement as an ADO.NET command through Microsoft.Data.Sqlite.
        await using (var db = await _connections.OpenAsync())
        await using (var command = LedgerStatements.Create.CreateCommand(db, null, Row("ado")))
            await command.ExecuteNonQueryAsync();

        await using var read = await _connections.OpenAsync();
        var columns = (await read.QueryAsync<string>("SELECT name FROM pragma_table_info('deals') WHERE name NOT IN ('deal_id', 'event_id')")).ToList();
        var stored = string.Join(", ", columns.Select(c => $"typeof({c}) || ':' || quote({c})"));
        var kept = (await read.QueryAsync<string>($"SELECT {stored.Replace(", ", " || ' | ' || ", StringComparison.Ordinal)} FROM deals WHERE deal_id = 'kept'")).Single();
        var ado = (await read.QueryAsync<string>($"SELECT {stored.Replace(", ", " || ' | ' || ", StringComparison.Ordinal)} FROM deals WHERE deal_id = 'ado'")).Single();
        Assert.Equal(ado, kept);
        Assert.Contains("text:'12345678901234.56'", kept);
        Assert.Equal(1, _writer.PreparedStatements);
    }

    private static Task<int> InsertAsync(System.Data.Common.DbConnection db, System.Data.Common.DbTransaction? tx, string key) =>
        db.ExecuteAsync("INSERT INTO processed_events (event_id, deal_id, received_at) VALUES (@key, 'D', 0)", new { key }, tx);

    private async Task<List<string>> KeysAsync()
    {
        await using var db = await _connections.OpenAsync();
        return (await db.QueryAsync<string>("SELECT event_id FROM processed_events")).ToList();
    }

    /// <summary>A first write that keeps the writer thread busy until released, so what comes next queues behind it.</summary>
    private async Task<(Task<int> First, ManualResetEventSlim Hold)> HoldTheWriterAsync()
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = new ManualResetEventSlim();
        var first = _writer.RunAsync((db, tx) =>
        {
            running.SetResult();
            hold.Wait(TimeSpan.FromSeconds(30));
            return InsertAsync(db, tx, "first");
        }, default);
        await running.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (first, hold);
    }
}
