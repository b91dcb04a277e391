using System.Data.Common;

namespace ErpConnector.Persistence.Prices;

/// <summary>The best-price tables on SQLite: its transactions are IMMEDIATE, so recomputes already run one at a time.</summary>
public sealed class SqliteBestPriceStore(ConnectionFactory connections) : BestPriceStore
{
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct) => await Sqlite.OpenAsync(connections, ct);
}
