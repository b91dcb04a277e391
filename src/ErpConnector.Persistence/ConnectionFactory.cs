using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ErpConnector.Persistence;

/// <summary>Opens ready-to-use connections. WAL + synchronous=NORMAL lets readers run beside the
/// single writer and turns each commit into an append instead of a full fsync cycle.</summary>
public sealed class ConnectionFactory(IOptions<PersistenceOptions> options)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
    {
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();

    public string ConnectionString => _connectionString;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
