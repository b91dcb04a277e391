using Microsoft.Data.Sqlite;

namespace ErpConnector.Persistence.Prices;

internal static class Sqlite
{
    /// <summary>The price stores use SQLite features (raw prepared statements, TEMP tables, partial indexes with
    /// SQLite syntax); say so plainly instead of failing on a cast when PostgreSQL is configured.</summary>
    public static async Task<SqliteConnection> OpenAsync(ConnectionFactory connections, CancellationToken ct)
    {
        if (connections.IsPostgres)
            throw new NotSupportedException(
                "Distributor price snapshots are stored in SQLite only: with Persistence:Provider 'postgres' the distributor feeds cannot run yet.");
        return (SqliteConnection)await connections.OpenAsync(ct);
    }
}
