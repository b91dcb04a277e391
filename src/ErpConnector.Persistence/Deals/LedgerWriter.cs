using System.Data.Common;

namespace ErpConnector.Persistence.Deals;

/// <summary>
/// How a write transaction reaches the ledger's database: the deal ledger, the customer registry and the NFS-e archive
/// all write through it. This implementation (PostgreSQL) runs each write in its own transaction on a pooled
/// connection, so several instances and many workers write side by side; <see cref="SqliteLedgerWriter"/> overrides
/// it for SQLite's single writer.
/// </summary>
public class LedgerWriter(ConnectionFactory connections)
{
    /// <summary>The connections this writer uses.</summary>
    protected ConnectionFactory Connections { get; } = connections;

    /// <summary>
    /// Runs <paramref name="write"/> in a transaction and returns once that transaction has committed: whatever the
    /// caller does next (publish, tell Omie, answer 202) happens only after its write is durable. A failure means the
    /// write did not commit; <paramref name="write"/> may be run again by the caller's retry.
    /// </summary>
    /// <param name="write">The write; its transaction is null only when <paramref name="oneStatement"/> lets it autocommit.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="oneStatement">The write is a single statement: PostgreSQL runs it without BEGIN/COMMIT (a round
    /// trip less, the same atomicity); SQLite's group commit puts it in the group's transaction anyway.</param>
    public virtual async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> write, CancellationToken ct, bool oneStatement = false)
    {
        ArgumentNullException.ThrowIfNull(write);
        await using var db = await Connections.OpenAsync(ct);
        if (oneStatement) return await write(db, null);
        await using var tx = await db.BeginTransactionAsync(ct);
        var result = await write(db, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Runs one of the ledger's statements inside a write. Here as a new ADO.NET command: on PostgreSQL each write has
    /// its own pooled connection, and Npgsql's auto-prepare keeps the statement prepared on the physical connection
    /// underneath. <see cref="SqliteLedgerWriter"/> keeps it prepared on its writer connection instead.
    /// </summary>
    internal virtual async Task<int> ExecuteAsync<TArgs>(LedgerStatement<TArgs> statement, DbConnection db, DbTransaction? tx, TArgs args, CancellationToken ct)
    {
        await using var command = statement.CreateCommand(db, tx, args);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
