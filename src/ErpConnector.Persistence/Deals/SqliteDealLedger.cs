using Microsoft.Data.Sqlite;

namespace ErpConnector.Persistence.Deals;

/// <summary>The ledger on SQLite (embedded default): writes go to the process's single writer
/// (<see cref="SqliteLedgerWriter"/>, group commit); another process on the same file is waited for through
/// busy_timeout and, past it, repeated as a transient failure.</summary>
public sealed class SqliteDealLedger(ConnectionFactory connections, SqliteLedgerWriter writer, TimeProvider clock, IEnumerable<IDealSaveOutbox>? outboxes = null)
    : DealLedger(connections, writer, clock, outboxes)
{
    // SQLITE_BUSY (5) and SQLITE_LOCKED (6): another connection holds the file longer than busy_timeout.
    protected override bool IsTransient(Exception ex) => ex is SqliteException { SqliteErrorCode: 5 or 6 };
}
