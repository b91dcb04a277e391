using System.Data.Common;

namespace ErpConnector.Persistence.Deals;

/// <summary>
/// SQLite allows one writer at a time. Without a gate, concurrent consumers collide on the file lock and back
/// off in sleeps (SQLITE_BUSY); with one gate per process they wait in a cheap in-memory queue, and the single
/// writer keeps one open connection, so a write costs no pool round trip or per-open PRAGMAs.
/// Other processes on the same file still rely on busy_timeout.
/// </summary>
public sealed class SqliteWriteGate : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DbConnection? _connection;

    public async ValueTask<Writer> EnterAsync(ConnectionFactory connections, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            _connection ??= await connections.OpenAsync(ct);
            return new Writer(this, _connection);
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    private void Release(bool broken)
    {
        if (broken)
        {
            // A failed write may have left the connection unusable (I/O error, closed file): start fresh next time.
            _connection?.Dispose();
            _connection = null;
        }
        _gate.Release();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }

    public sealed class Writer(SqliteWriteGate gate, DbConnection connection) : IDisposable
    {
        private bool _completed;
        public DbConnection Connection { get; } = connection;

        /// <summary>Marks the write as done; a writer disposed without it is treated as failed.</summary>
        public void Complete() => _completed = true;

        public void Dispose() => gate.Release(broken: !_completed);
    }
}
