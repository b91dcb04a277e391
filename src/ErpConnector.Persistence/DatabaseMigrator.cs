using DbUp;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Persistence;

/// <summary>Brings the schema up to date at start-up with DbUp's journal (table SchemaVersions),
/// so each versioned script runs exactly once per database.</summary>
public sealed class DatabaseMigrator(ConnectionFactory connections, ILogger<DatabaseMigrator> logger)
{
    public void Migrate()
    {
        // DbUp opens its own connection; WAL mode is a property of the file, so set it first.
        using (var connection = connections.OpenAsync().GetAwaiter().GetResult()) { }

        var upgrader = DeployChanges.To
            .SqliteDatabase(connections.ConnectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly,
                name => name.Contains(".Scripts.Sqlite.", StringComparison.Ordinal))
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
