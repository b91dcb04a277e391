using System.Data.Common;
using Dapper;
using ErpConnector.Persistence.Prices;
using Npgsql;

namespace ErpConnector.Persistence.Postgres.Prices;

/// <summary>Feed runs on PostgreSQL. Start-or-join takes a per-feed transaction advisory lock, so two instances
/// asking at once serialise (the second joins the first's run) instead of one failing on the unique index.</summary>
public sealed class PostgresFeedRunStore(ConnectionFactory connections) : FeedRunStore
{
    internal static async Task<NpgsqlConnection> OpenAsync(ConnectionFactory connections, CancellationToken ct)
    {
        if (!connections.IsPostgres)
            throw new InvalidOperationException("The PostgreSQL price stores need Persistence:Provider 'postgres'.");
        return (NpgsqlConnection)await connections.OpenAsync(ct);
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct) => await OpenAsync(connections, ct);

    protected override Task LockFeedAsync(DbConnection db, DbTransaction tx, string feedId, CancellationToken ct) =>
        db.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('distributor_feed_run:' || @feedId, 0))", new { feedId }, tx, cancellationToken: ct));

    // SQLite's state upsert is ambiguous on PostgreSQL (see PostgresFeedState).
    protected override string UpsertStateSql => PostgresFeedState.Upsert;

    // Byte order, as SQLite's BINARY collation sorts, whatever the database's locale.
    protected override string FeedIdOrder => "feed_id COLLATE \"C\"";
}
