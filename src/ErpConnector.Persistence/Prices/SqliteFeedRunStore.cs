using System.Data.Common;

namespace ErpConnector.Persistence.Prices;

/// <summary>Feed runs on SQLite: its transactions are IMMEDIATE, so check-then-insert in start-or-join has no race.</summary>
public sealed class SqliteFeedRunStore(ConnectionFactory connections) : FeedRunStore
{
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct) => await Sqlite.OpenAsync(connections, ct);

    protected override string UpsertStateSql => FeedRunRow.UpsertState;
}
