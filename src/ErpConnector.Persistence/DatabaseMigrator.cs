using System.Runtime.CompilerServices;
using DbUp;
using DbUp.Builder;
using Npgsql;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Persistence;

/// <summary>Brings the schema up to date at start-up with DbUp's journal (table SchemaVersions),
/// so each versioned script runs exactly once per database. Scripts are embedded per provider:
/// <c>Scripts/Sqlite/*.sql</c> or <c>Scripts/Postgres/*.sql</c>, run in name order.</summary>
public sealed class DatabaseMigrator(ConnectionFactory connections, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Any stable 64-bit key: instances starting together take turns migrating a PostgreSQL database.</summary>
    private const long PostgresMigrationLock = 0x45_52_50_43_4F_4E_4E; // "ERPCONN"

    public void Migrate()
    {
        if (connections.IsPostgres)
        {
            MigratePostgres();
            return;
        }

        // DbUp opens its own connection; WAL mode is a property of the file, so set it first.
        using (var connection = connections.OpenAsync().GetAwaiter().GetResult()) { }
        Run(DeployChanges.To.SqliteDatabase(connections.ConnectionString), ".Scripts.Sqlite.");
    }

    // Apart, so SQLite starts without loading Npgsql and DbUp's PostgreSQL support: the JIT loads the assembly of
    // every call in a method it compiles, taken or not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void MigratePostgres()
    {
        // Several instances may start at once against one database: a session-level advisory lock makes
        // them migrate one after the other (the second finds the journal up to date).
        using var gate = (NpgsqlConnection)connections.OpenAsync().GetAwaiter().GetResult();
        using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresMigrationLock})", gate)) take.ExecuteNonQuery();
        try
        {
            Run(DeployChanges.To.PostgresqlDatabase(connections.ConnectionString), ".Scripts.Postgres.");
        }
        finally
        {
            using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresMigrationLock})", gate);
            release.ExecuteNonQuery();
        }
    }

    private void Run(UpgradeEngineBuilder builder, string folder)
    {
        var upgrader = builder
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly,
                name => name.Contains(folder, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Database migration failed at script '{result.ErrorScript?.Name}': {result.Error.Message}", result.Error);

        foreach (var script in result.Scripts)
            logger.LogInformation("Applied migration {Script}", script.Name);
    }
}
