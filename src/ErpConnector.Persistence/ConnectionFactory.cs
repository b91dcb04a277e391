using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ErpConnector.Persistence;

/// <summary>Opens ready-to-use connections for the configured provider. SQLite: WAL + synchronous=NORMAL lets
/// readers run beside the single writer and turns each commit into an append instead of a full fsync cycle.
/// PostgreSQL: pooled Npgsql connections (several instances share one database).</summary>
public sealed class ConnectionFactory : IAsyncDisposable
{
    // Dapper's settings are process-wide: set once here, where every store gets its connections.
    static ConnectionFactory() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    private readonly string _connectionString;
    // Typed as the base class so that SQLite never loads Npgsql (see CreatePostgresDataSource).
    private readonly DbDataSource? _dataSource;

    public ConnectionFactory(IOptions<PersistenceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Value.IsPostgres)
        {
            _dataSource = CreatePostgresDataSource(options.Value.ConnectionString, out _connectionString);
        }
        else
        {
            _connectionString = new SqliteConnectionStringBuilder(options.Value.ConnectionString) { DefaultTimeout = 30, Pooling = true }.ToString();
        }
        Provider = options.Value.IsPostgres ? PersistenceOptions.Postgres : PersistenceOptions.Sqlite;
    }

    public string ConnectionString => _connectionString;

    /// <summary>"sqlite" or "postgres" (<see cref="PersistenceOptions.Provider"/>).</summary>
    public string Provider { get; }

    public bool IsPostgres => Provider == PersistenceOptions.Postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_dataSource is not null)
            return await _dataSource.OpenConnectionAsync(ct);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // The settings live on SQLite's connection, which the pool hands out again and again: set them on each physical
        // connection once, not on every open (four statements parsed and run per read cost more than the read itself).
        if (Configured.TryGetValue(connection.Handle!, out _)) return connection;
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(ct);
        Configured.AddOrUpdate(connection.Handle!, Configured);
        return connection;
    }

    // SQLite's physical connections already given the settings above; an entry dies with its connection.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

    /// <summary>Drops pooled connections (PostgreSQL): after a restart or failover the idle ones are most likely dead.</summary>
    public void ClearPool()
    {
        if (_dataSource is not null) ClearPostgresPool(_dataSource);
    }

    // The Npgsql calls live in methods of their own: the JIT loads the assembly of every call in a method it
    // compiles, taken or not, and the embedded default (SQLite) does not need Npgsql (BENCHMARKS.md "Footprint").
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DbDataSource CreatePostgresDataSource(string configured, out string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured);
        // The ledger sends the same dozen statements all day: let Npgsql prepare them on each pooled connection
        // (measured on the two-instance pipeline: 1.27× deals/s, PostgreSQL's CPU per deal 0.74×). A value in the
        // operator's connection string wins.
        if (!configured.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 32;
        connectionString = builder.ToString();
        // One data source per process: it owns the pool, and clearing it after a failover is one call.
        return NpgsqlDataSource.Create(connectionString);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ClearPostgresPool(DbDataSource dataSource) => ((NpgsqlDataSource)dataSource).Clear();

    public ValueTask DisposeAsync() => _dataSource?.DisposeAsync() ?? ValueTask.CompletedTask;
}
