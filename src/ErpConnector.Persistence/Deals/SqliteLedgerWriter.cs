using System.Data.Common;
using System.Threading.Channels;
using ErpConnector.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace ErpConnector.Persistence.Deals;

/// <summary>
/// SQLite allows one writer at a time, so this process keeps one writer connection on a thread of its own and hands it
/// every write (group commit). The writes waiting when the writer comes round are run together in one transaction;
/// should one of them fail, that transaction is rolled back and the group run again with each write inside a
/// savepoint of its own: a write that fails is rolled back alone, the others commit. Every caller is
/// answered only after the commit, so nothing weakens what survives a crash, while one commit (one WAL append, one
/// lock cycle) serves many deals.
/// <para>Why a thread rather than a lock: with a lock, each hand-over to the next waiter went through the thread
/// pool, and on two busy cores the single writer sat idle in that queue between transactions (the pipeline
/// benchmark's profile). Other processes on the same file are still waited for through busy_timeout.</para>
/// </summary>
public sealed class SqliteLedgerWriter(ConnectionFactory connections) : LedgerWriter(connections), IAsyncDisposable
{
    // Bounds one transaction's length (and so how long a reader of the WAL waits for a checkpoint), not throughput.
    private const int MaxWritesPerCommit = 256;
    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _start = new();
    private Thread? _thread;
    private SqliteConnection? _connection;
    // The writer connection's prepared statements, one per ledger statement; used and reset only on the writer thread.
    private readonly Dictionary<object, SqliteKeptStatement> _prepared = new(ReferenceEqualityComparer.Instance);
    private readonly SqliteKeptStatement.PinnedText _text = new();
    // A group run again after a failure puts each write inside a savepoint: its three statements, kept prepared.
    private Savepoint? _savepoint;
    private long _commits, _writes;

    /// <summary>Transactions committed so far (each carries one or more writes).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Writes committed so far; <c>Writes / Commits</c> is the mean group size.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Statements kept prepared on the writer's current connection.</summary>
    internal int PreparedStatements => _prepared.Count;

    public override Task<T> RunAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> write, CancellationToken ct, bool oneStatement = false)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (ct.IsCancellationRequested) return Task.FromCanceled<T>(ct);
        // A write that started another from inside itself would wait for its own thread for ever.
        if (_thread is not null && Thread.CurrentThread == _thread)
            throw new InvalidOperationException("A ledger write cannot start another ledger write; use the connection and transaction it was given.");
        StartWriter();
        var request = new Write<T>(write, ct);
        if (!_queue.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(SqliteLedgerWriter));
        return request.Task;
    }

    /// <summary>On the writer's own connection, the statement kept prepared from its first run, bound by position:
    /// parsed once per connection, not once per write. Anywhere else (another connection), as the base runs it.</summary>
    internal override Task<int> ExecuteAsync<TArgs>(LedgerStatement<TArgs> statement, DbConnection db, DbTransaction? tx, TArgs args, CancellationToken ct)
    {
        if (!ReferenceEquals(db, _connection) || Thread.CurrentThread != _thread) return base.ExecuteAsync(statement, db, tx, args, ct);
        ct.ThrowIfCancellationRequested();
        if (!_prepared.TryGetValue(statement, out var kept))
        {
            kept = SqliteKeptStatement.Prepare(_connection, statement);
            _prepared.Add(statement, kept);
        }
        // Runs inside the group's transaction: SQLite's transaction belongs to the connection, not to a command.
        return Task.FromResult(kept.Execute(statement, args, _text));
    }

    private void DropConnection()
    {
        foreach (var kept in _prepared.Values) kept.Dispose();
        _prepared.Clear();
        _savepoint?.Dispose();
        _savepoint = null;
        _connection?.Dispose();
        _connection = null;
    }

    private void StartWriter()
    {
        if (_thread is not null) return;
        lock (_start)
        {
            if (_thread is not null) return;
            _thread = new Thread(WriteLoop) { IsBackground = true, Name = "SQLite ledger writer" };
            _thread.Start();
        }
    }

    private void WriteLoop()
    {
        var group = new List<Write>(MaxWritesPerCommit);
        var reader = _queue.Reader;
        // Blocking here is the point: this thread does nothing else, and the writes complete synchronously on SQLite.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            while (group.Count < MaxWritesPerCommit && reader.TryRead(out var next))
            {
                if (next.Cancellation.IsCancellationRequested) next.Cancel();
                else group.Add(next);
            }
            if (group.Count > 0) Commit(group);
        }
    }

    private void Commit(List<Write> group)
    {
        try
        {
            _connection ??= (SqliteConnection)Connections.OpenAsync().GetAwaiter().GetResult();
            if (!TryCommitTogether(group))
            {
                // Alone, the write's own transaction was its savepoint: its error is its answer.
                if (group.Count == 1) { group[0].Answer(); return; }
                CommitEachInItsSavepoint(group);
            }
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _writes, group.Count(w => !w.Failed));
            foreach (var write in group) write.Answer();
        }
        catch (Exception ex)
        {
            // Nothing of this group committed. The connection may be unusable (closed file, I/O error): start afresh.
            DropConnection();
            foreach (var write in group) write.Fail(ex);
        }
    }

    /// <summary>
    /// The common case, where no write of the group fails: all of them in one transaction, without a savepoint each
    /// (a SAVEPOINT and a RELEASE per write, and a copy of every page a write touched into the statement journal, were
    /// about 1% of the pipeline's CPU). If one fails, the whole transaction is rolled back, nothing is answered, and
    /// false is returned.
    /// </summary>
    private bool TryCommitTogether(List<Write> group)
    {
        using var tx = _connection!.BeginTransaction(deferred: false);
        foreach (var write in group)
        {
            write.Run(_connection, tx);
            if (!write.Failed) continue;
            tx.Rollback();
            return false;
        }
        tx.Commit();
        return true;
    }

    /// <summary>The group again, after one of its writes failed together with the others: each write inside a
    /// savepoint of its own, so a failed write leaves nothing behind and fails nobody else. Running a write twice is
    /// safe: each is its statements only (whatever it computes is recomputed), and its first run was rolled back.</summary>
    private void CommitEachInItsSavepoint(List<Write> group)
    {
        _savepoint ??= new Savepoint(_connection!);
        using var tx = _connection!.BeginTransaction(deferred: false);
        foreach (var write in group)
        {
            write.Forget();
            _savepoint.Begin.Execute();
            write.Run(_connection, tx);
            // Should SQLite have ended the transaction itself (I/O error, full disk), the rollback throws and the whole
            // group fails in Commit, uncommitted.
            if (write.Failed) _savepoint.RollBack.Execute();
            _savepoint.Release.Execute();
        }
        tx.Commit();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_thread is { } thread && !await Task.Run(() => thread.Join(TimeSpan.FromSeconds(30))))
            return; // The writer is still inside a write: its connection and statements stay with it.
        while (_queue.Reader.TryRead(out var left)) left.Fail(new ObjectDisposedException(nameof(SqliteLedgerWriter)));
        // Disposed once per registration it is resolved through: the second call finds nothing left to do.
        // The thread has ended (or never started): nothing else uses the connection or its statements now.
        DropConnection();
    }

    /// <summary>SAVEPOINT / ROLLBACK TO / RELEASE of a group's writes, prepared once per connection (through
    /// Microsoft.Data.Sqlite each was a new command, parsed anew, twice or three times per write).</summary>
    private sealed class Savepoint(SqliteConnection db) : IDisposable
    {
        public RawStatement Begin { get; } = new(db.Handle!, "SAVEPOINT w");
        public RawStatement RollBack { get; } = new(db.Handle!, "ROLLBACK TO w");
        public RawStatement Release { get; } = new(db.Handle!, "RELEASE w");

        public void Dispose()
        {
            Begin.Dispose();
            RollBack.Dispose();
            Release.Dispose();
        }
    }

    /// <summary>One caller's write, answered after its group's commit.</summary>
    private abstract class Write(CancellationToken cancellation)
    {
        public CancellationToken Cancellation { get; } = cancellation;
        public bool Failed => Error is not null;
        protected Exception? Error { get; set; }

        /// <summary>Runs the write inside the group's transaction; a failure is kept for <see cref="Answer"/>.</summary>
        public abstract void Run(SqliteConnection db, SqliteTransaction tx);

        /// <summary>Drops what a run that was rolled back left here (its result or its error), before it runs again.</summary>
        public abstract void Forget();

        /// <summary>The group committed (or this write failed alone): give the caller its result or its own error.</summary>
        public abstract void Answer();

        /// <summary>The group did not commit: the caller gets its own error, or else the group's.</summary>
        public abstract void Fail(Exception groupError);

        public abstract void Cancel();
    }

    private sealed class Write<T>(Func<DbConnection, DbTransaction?, Task<T>> write, CancellationToken cancellation) : Write(cancellation)
    {
        // Callers continue on the thread pool, never on the writer's thread.
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _answer.Task;

        public override void Run(SqliteConnection db, SqliteTransaction tx)
        {
            try
            {
                // Microsoft.Data.Sqlite completes synchronously; blocking costs nothing and keeps the group on this thread.
                _result = write(db, tx).GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                Error = ex;
            }
        }

        public override void Forget()
        {
            Error = null;
            _result = default;
        }

        public override void Answer()
        {
            if (Error is OperationCanceledException && Cancellation.IsCancellationRequested) _answer.TrySetCanceled(Cancellation);
            else if (Error is not null) _answer.TrySetException(Error);
            else _answer.TrySetResult(_result!);
        }

        public override void Fail(Exception groupError)
        {
            if (Error is null) Error = groupError;
            Answer();
        }

        public override void Cancel() => _answer.TrySetCanceled(Cancellation);
    }
}
