using Npgsql;

namespace ErpConnector.Benchmarks.Pipeline.ScaleOut;

/// <summary>
/// A PostgreSQL database created for one benchmark run and dropped after it (WITH FORCE: a connector killed at the end
/// may leave connections behind), on the server POSTGRES_CONNECTION_STRING names.
/// </summary>
public sealed class RunDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private RunDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
    }

    public string Name { get; }

    /// <summary>The connection string the connectors get: this database, a bounded pool each, and any Npgsql settings
    /// to try (e.g. "Max Auto Prepare=20") without a rebuild.</summary>
    public string ConnectionString(int maxPoolSize, string? extra = null) => new NpgsqlConnectionStringBuilder(_admin + (extra is { Length: > 0 } ? ";" + extra : ""))
    {
        Database = Name,
        MaxPoolSize = maxPoolSize,
        // An instance idle while another side runs gives its connections back within seconds: the server's
        // max_connections (100 here, shared with other sessions) must hold every side's pool; when it did not, the
        // busy side's ledger calls met "53300: too many clients" and its deals waited out their leases.
        ConnectionIdleLifetime = 5,
        ConnectionPruningInterval = 1,
    }.ConnectionString;

    public static string Server() =>
        Environment.GetEnvironmentVariable("POSTGRES_CONNECTION_STRING") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres";

    public static async Task<RunDatabase> CreateAsync(string name)
    {
        var database = new RunDatabase(Server(), name);
        await database.AdminAsync($"CREATE DATABASE {name}");
        return database;
    }

    private async Task AdminAsync(string sql)
    {
        await using var db = new NpgsqlConnection(_admin);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, db);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AdminAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"could not drop {Name}: {e.Message}");
        }
    }
}
