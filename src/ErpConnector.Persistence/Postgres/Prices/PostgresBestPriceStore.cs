using System.Data.Common;
using Dapper;
using ErpConnector.Persistence.Prices;

namespace ErpConnector.Persistence.Postgres.Prices;

/// <summary>The best-price tables on PostgreSQL. Recomputes take one transaction advisory lock: two feeds applied at
/// once on two instances would otherwise each choose from a snapshot without the other's new prices, and the later
/// commit could store a stale choice.</summary>
public sealed class PostgresBestPriceStore(ConnectionFactory connections) : BestPriceStore
{
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct) => await PostgresFeedRunStore.OpenAsync(connections, ct);

    protected override Task LockAsync(DbConnection db, DbTransaction tx, CancellationToken ct) =>
        db.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended('distributor_best_prices', 0))", transaction: tx, cancellationToken: ct));

    protected override string AnyOf(string parameter) => $"= ANY(@{parameter})";
}
