using ErpConnector.Persistence.Deals;
using Npgsql;

namespace ErpConnector.Persistence.Postgres.Deals;

/// <summary>
/// The ledger on PostgreSQL, shared by several instances. The sweep picks due rows with <c>FOR UPDATE SKIP LOCKED</c>
/// so concurrent sweepers on different instances split the work instead of queueing on each other. A lease that
/// expired without being released means its worker died (kill -9, crash) or threw in the middle of a step whose
/// outcome in Omie is unknown: taking such a deal over marks it <c>uncertain</c>, so the processor asks Omie first
/// (ConsultarOS / StatusOS) instead of resending IncluirOS / FaturarOS.
/// </summary>
public sealed class PostgresDealLedger(ConnectionFactory connections, TimeProvider clock, IEnumerable<IDealSaveOutbox>? outboxes = null)
    : DealLedger(connections, new LedgerWriter(connections), clock, outboxes)
{
    protected override string SweepRowLockClause => "FOR UPDATE SKIP LOCKED";

    // The pool's idle connections are most likely dead too after a restart or failover.
    protected override void OnFirstTransientFailure() => Connections.ClearPool();

    protected override bool IsTransient(Exception ex) => ex switch
    {
        // 08: connection exceptions; 57P01-03: admin shutdown, crash shutdown, cannot connect now; 53: resources;
        // 55000 with ALLOW_CONNECTIONS false: "database is not currently accepting connections".
        PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState == "55000" && pg.MessageText.Contains("accepting connections", StringComparison.OrdinalIgnoreCase),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException,
        _ => false,
    };
}
