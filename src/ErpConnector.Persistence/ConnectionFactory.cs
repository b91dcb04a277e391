using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ErpConnector.Persistence;

/// <summary>Opens ready-to-use connections for the configured provider. SQLite: WAL + synchronous=NORMAL lets
/// readers run beside the single writer and turns each commit into an append instead of a full fsync cycle.
/// PostgreSQL: pooled Npgsql connections (several instances share one database).</summary>
public sealed class ConnectionFactory(IOptions<PersistenceOptions> options)
{
    private readonly string _connectionString = options.Value.IsPostgres
        ? new NpgsqlConnectionStringBuilder(options.Value.ConnectionString).ToString()
        : new SqliteConnectionStringBuilder(options.Value.ConnectionString)
        {
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();

    public string ConnectionString => _connectionString;

    /// <summary>"sqlite" or "postgres" (<see cref="PersistenceOptions.Provider"/>).</summary>
    public string Provider { get; } = options.Value.IsPostgres ? PersistenceOptions.Postgres : PersistenceOptions.Sqlite;

    public bool IsPostgres => Provider == PersistenceOptions.Postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (IsPostgres)
        {
            var pg = new NpgsqlConnection(_connectionString);
            await pg.OpenAsync(ct);
            return pg;
        }
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
