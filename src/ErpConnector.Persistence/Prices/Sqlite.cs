using Microsoft.Data.Sqlite;

namespace ErpConnector.Persistence.Prices;

internal static class Sqlite
{
    /// <summary>These stores use SQLite features (raw prepared statements, TEMP tables); with PostgreSQL configured,
    /// AddSqlitePriceSnapshots resolves the Postgres stores instead, so reaching here means a SQLite store was
    /// constructed directly: say so plainly instead of failing on a cast.</summary>
    public static async Task<SqliteConnection> OpenAsync(ConnectionFactory connections, CancellationToken ct)
    {
        if (connections.IsPostgres)
            throw new InvalidOperationException(
                "A SQLite price store was used with Persistence:Provider 'postgres'; resolve IFeedRunStore / IPriceSnapshotStore " +
                "(AddSqlitePriceSnapshots picks the PostgreSQL stores for that provider).");
        return (SqliteConnection)await connections.OpenAsync(ct);
    }
}
