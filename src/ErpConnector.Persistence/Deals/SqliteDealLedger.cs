using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ErpConnector.Persistence.Deals;

/// <summary>The ledger on SQLite (embedded default): writes queue behind the process's single writer
/// (<see cref="SqliteWriteGate"/>); another process on the same file is waited for through busy_timeout and,
/// past it, repeated as a transient failure.</summary>
public sealed class SqliteDealLedger(ConnectionFactory connections, SqliteWriteGate writes, TimeProvider clock, IEnumerable<IDealSaveOutbox>? outboxes = null)
    : DealLedger(connections, clock, outboxes)
{
    protected override async Task<T> OnWriteConnectionAsync<T>(Func<DbConnection, Task<T>> write, CancellationToken ct)
    {
        using var writer = await writes.EnterAsync(Connections, ct);
        var result = await write(writer.Connection);
        writer.Complete();
        return result;
    }

    // SQLITE_BUSY (5) and SQLITE_LOCKED (6): another connection holds the file longer than busy_timeout.
    protected override bool IsTransient(Exception ex) => ex is SqliteException { SqliteErrorCode: 5 or 6 };
}
