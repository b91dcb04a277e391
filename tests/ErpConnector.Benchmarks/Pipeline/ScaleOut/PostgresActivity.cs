using System.Collections.Concurrent;
using Npgsql;

namespace ErpConnector.Benchmarks.Pipeline.ScaleOut;

/// <summary>
/// What PostgreSQL did for one side's database during a round, without touching the server's settings (other sessions
/// share it, and pg_stat_statements is not loaded): transactions and rows from pg_stat_database, WAL bytes written
/// (server-wide), and a sample of pg_stat_activity every 100 ms — what each of the database's backends was doing
/// (running, waiting on the WAL flush of a commit, on a row lock, or idle in a transaction while the connector works).
/// </summary>
public sealed class PostgresActivity : IAsyncDisposable
{
    private readonly NpgsqlDataSource _admin = NpgsqlDataSource.Create(RunDatabase.Server());
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private volatile string? _database;
    private ConcurrentDictionary<string, int> _states = new();
    private int _samples;
    private int _peakConnections;

    public PostgresActivity() => _sampling = Task.Run(SampleAsync);

    /// <summary>Counters of one database at one moment; per table: rows inserted, rows updated, scans (index + sequential).</summary>
    public sealed record Counters(long Commits, long Rollbacks, long Inserted, long Updated, long WalBytes, IReadOnlyDictionary<string, (long Inserted, long Updated, long Scans)> Tables)
    {
        public static Counters operator -(Counters a, Counters b) => new(a.Commits - b.Commits, a.Rollbacks - b.Rollbacks,
            a.Inserted - b.Inserted, a.Updated - b.Updated, a.WalBytes - b.WalBytes,
            a.Tables.ToDictionary(t => t.Key, t => b.Tables.TryGetValue(t.Key, out var o)
                ? (t.Value.Inserted - o.Inserted, t.Value.Updated - o.Updated, t.Value.Scans - o.Scans) : t.Value));
    }

    /// <summary>What a round did: deltas of the counters and the sampled backend states (share of samples).</summary>
    public sealed record Round(Counters Delta, IReadOnlyDictionary<string, double> BackendsByState, int Samples, int PeakConnections);

    public async Task<Counters> ReadAsync(string database)
    {
        await using var cmd = _admin.CreateCommand("""
            SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint
            FROM pg_stat_database WHERE datname = $1
            """);
        cmd.Parameters.AddWithValue(database);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (commits, rollbacks, inserted, updated, wal) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));

        // Per table: pg_stat_user_tables answers only inside the database it describes.
        var tables = new Dictionary<string, (long, long, long)>();
        await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(RunDatabase.Server()) { Database = database, Pooling = false }.ConnectionString);
        await db.OpenAsync();
        await using var perTable = new NpgsqlCommand(
            "SELECT relname, n_tup_ins, n_tup_upd, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables", db);
        await using var rows = await perTable.ExecuteReaderAsync();
        while (await rows.ReadAsync()) tables[rows.GetString(0)] = (rows.GetInt64(1), rows.GetInt64(2), rows.GetInt64(3));
        return new Counters(commits, rollbacks, inserted, updated, wal, tables);
    }

    /// <summary>Starts sampling the backends of <paramref name="database"/> afresh.</summary>
    public void Watch(string database)
    {
        _states = new ConcurrentDictionary<string, int>();
        _samples = 0;
        _peakConnections = 0;
        _database = database;
    }

    /// <summary>Stops sampling and returns the round: the counters' change since <paramref name="before"/>.</summary>
    public async Task<Round> EndAsync(string database, Counters before)
    {
        _database = null;
        // A backend reports its counters to the statistics at most once a second: let the round's last commits land.
        await Task.Delay(1_200);
        var delta = await ReadAsync(database) - before;
        var samples = Math.Max(1, _samples);
        return new Round(delta, _states.ToDictionary(s => s.Key, s => s.Value / (double)samples), _samples, _peakConnections);
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(100, _stop.Token);
                if (_database is not { } database) continue;
                await using var cmd = _admin.CreateCommand("""
                    SELECT state, wait_event_type, wait_event FROM pg_stat_activity
                    WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                    """);
                cmd.Parameters.AddWithValue(database);
                var connections = 0;
                var states = _states;
                await using (var reader = await cmd.ExecuteReaderAsync(_stop.Token))
                {
                    while (await reader.ReadAsync(_stop.Token))
                    {
                        connections++;
                        var state = reader.IsDBNull(0) ? "?" : reader.GetString(0);
                        // "idle": a spare pooled connection; "active" with no wait event: a backend on a CPU (or waiting for one).
                        var what = state == "idle" ? "idle (spare in a pool)"
                            : state == "active" && reader.IsDBNull(1) ? "active: running"
                            : state == "active" ? $"active: {reader.GetString(1)}/{reader.GetString(2)}"
                            : state;
                        states.AddOrUpdate(what, 1, (_, n) => n + 1);
                    }
                }
                if (_database is null) continue;
                Interlocked.Increment(ref _samples);
                if (connections > _peakConnections) _peakConnections = connections;
            }
            catch (OperationCanceledException) { }
            catch (NpgsqlException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        await _admin.DisposeAsync();
        _stop.Dispose();
    }
}
