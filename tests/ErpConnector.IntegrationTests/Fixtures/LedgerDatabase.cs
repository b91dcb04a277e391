using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ErpConnector.IntegrationTests.Fixtures;

/// <summary>
/// The ledger the connector under test uses: the SQLite file by default; a fresh PostgreSQL database when
/// ERP_TEST_PERSISTENCE=postgres and POSTGRES_CONNECTION_STRING names a server (`make test` exports the latter;
/// run `ERP_TEST_PERSISTENCE=postgres dotnet test tests/ErpConnector.IntegrationTests` for the scale-out provider).
/// </summary>
public sealed class LedgerDatabase : IAsyncDisposable
{
    private string? _adminConnectionString;
    private string? _database;

    public string Provider { get; private set; } = "sqlite";
    public string ConnectionString { get; private set; } = "";

    public static async Task<LedgerDatabase> CreateAsync(string sqlitePath)
    {
        var ledger = new LedgerDatabase { ConnectionString = $"Data Source={sqlitePath}" };
        var admin = Environment.GetEnvironmentVariable("POSTGRES_CONNECTION_STRING");
        if (!string.Equals(Environment.GetEnvironmentVariable("ERP_TEST_PERSISTENCE"), "postgres", StringComparison.OrdinalIgnoreCase))
            return ledger;
        if (string.IsNullOrWhiteSpace(admin))
            throw new InvalidOperationException("ERP_TEST_PERSISTENCE=postgres needs POSTGRES_CONNECTION_STRING (see scripts/ensure-postgres.sh).");
        ledger._adminConnectionString = admin;
        ledger._database = $"erp_it_{Guid.NewGuid():N}"[..28];
        await using (var db = new NpgsqlConnection(admin))
        {
            await db.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {ledger._database}", db);
            await create.ExecuteNonQueryAsync();
        }
        ledger.Provider = "postgres";
        ledger.ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = ledger._database }.ToString();
        return ledger;
    }

    /// <summary>
    /// Waits until the connector has recorded <paramref name="eventId"/> as processed (table processed_events):
    /// the positive signal that a duplicate delivery was consumed and decided on, so a test can then assert
    /// that it changed nothing, instead of sleeping and hoping the consumer was done.
    /// </summary>
    public async Task WaitForProcessedEventAsync(string eventId, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        while (!await IsProcessedAsync(eventId))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Event '{eventId}' not recorded in processed_events within {limit}.");
            await Task.Delay(50);
        }
    }

    /// <summary>An open connection to the ledger, for specs that seed or read a row with plain SQL.</summary>
    public async Task<DbConnection> OpenAsync()
    {
        DbConnection db = Provider == "postgres" ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await db.OpenAsync();
        return db;
    }

    private async Task<bool> IsProcessedAsync(string eventId)
    {
        await using var db = await OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM processed_events WHERE event_id = @eventId";
        var parameter = query.CreateParameter();
        parameter.ParameterName = "eventId";
        parameter.Value = eventId;
        query.Parameters.Add(parameter);
        return Convert.ToInt64(await query.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var db = new NpgsqlConnection(_adminConnectionString);
        await db.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", db);
        await drop.ExecuteNonQueryAsync();
    }
}
