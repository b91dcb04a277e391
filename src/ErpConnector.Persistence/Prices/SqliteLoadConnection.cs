using System.Reflection;
using ErpConnector.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ErpConnector.Persistence.Prices;

/// <summary>The connection a run's apply writes through: its own handle on the service's database file, opened
/// without SQLite's connection mutex (SQLITE_OPEN_NOMUTEX). A pooled connection is serialized (every bind, step and
/// reset takes and releases a mutex: ~5% of a million-row first load's CPU under perf), and Microsoft.Data.Sqlite
/// offers no way to open one otherwise. Safe because one run uses it from one thread at a time: the write-through
/// writer thread, then (after awaiting it) the apply or the disposal. Same settings as every connection of
/// ConnectionFactory (WAL is the file's; synchronous NORMAL, busy timeout, foreign keys), plus the load's 32 MB page
/// cache, which dies with this handle instead of staying on a pooled connection.
/// A database with no file (in-memory) cannot be opened twice: the pooled connection's own handle is used then.</summary>
internal sealed class SqliteLoadConnection : IAsyncDisposable
{
    private readonly SqliteConnection? _pooled;

    private SqliteLoadConnection(sqlite3 handle, SqliteConnection? pooled)
    {
        Handle = handle;
        _pooled = pooled;
    }

    public sqlite3 Handle { get; }

    public bool InTransaction { get; private set; }

    public static async Task<SqliteLoadConnection> OpenAsync(ConnectionFactory connections, CancellationToken ct)
    {
        var pooled = await Sqlite.OpenAsync(connections, ct);
        try
        {
            var file = raw.sqlite3_db_filename(pooled.Handle!, "main").utf8_to_string();
            if (string.IsNullOrEmpty(file))
            {
                var shared = new SqliteLoadConnection(pooled.Handle!, pooled);
                shared.Execute("PRAGMA cache_size = -32768");
                return shared;
            }
            var rc = raw.sqlite3_open_v2(file, out var handle, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_NOMUTEX, null);
            var load = new SqliteLoadConnection(handle, null);
            try
            {
                if (rc != raw.SQLITE_OK) throw new SqliteException($"Opening the price load connection failed: {raw.sqlite3_errstr(rc).utf8_to_string()}", rc);
                raw.sqlite3_busy_timeout(handle, 30_000);
                // A first load inserts a million rows in one transaction; 32 MB of page cache keeps the B-tree's
                // working set in memory instead of spilling pages to the WAL mid-transaction.
                load.Execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768");
            }
            catch
            {
                await load.DisposeAsync();
                throw;
            }
            await pooled.DisposeAsync();
            return load;
        }
        catch
        {
            await pooled.DisposeAsync();
            throw;
        }
    }

    /// <summary>BEGIN IMMEDIATE: the run's one write transaction, waiting (busy timeout) for the write lock.</summary>
    public void Begin()
    {
        Execute("BEGIN IMMEDIATE");
        InTransaction = true;
    }

    public void Commit()
    {
        Execute("COMMIT");
        InTransaction = false;
    }

    /// <summary>Runs SQL without parameters (several statements allowed).</summary>
    public void Execute(string sql)
    {
        var rc = raw.sqlite3_exec(Handle, sql, null, null, out var error);
        if (rc != raw.SQLITE_OK) throw new SqliteException(error ?? raw.sqlite3_errmsg(Handle).utf8_to_string(), rc);
    }

    /// <summary>Runs one statement whose <c>@Name</c> parameters are the same-named properties of <paramref name="args"/>
    /// (strings, integers, booleans, nulls: what FeedRunRow and the apply's arguments hold).</summary>
    public void Execute(string sql, object args)
    {
        using var statement = new RawStatement(Handle, sql);
        var type = args.GetType();
        for (var i = 1; i <= statement.ParameterCount; i++)
        {
            var name = statement.ParameterName(i);
            var property = type.GetProperty(name[1..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
                ?? throw new InvalidOperationException($"No value for SQL parameter {name}.");
            switch (property.GetValue(args))
            {
                case null: statement.Null(i); break;
                case string text: statement.Text(i, text); break;
                case bool flag: statement.Int64(i, flag ? 1 : 0); break;
                case long number: statement.Int64(i, number); break;
                case int number: statement.Int64(i, number); break;
                case var other: throw new InvalidOperationException($"SQL parameter {name}: {other.GetType().Name} is not bound here.");
            }
        }
        statement.Execute();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (InTransaction) Execute("ROLLBACK"); // never committed: nothing of the run stays
        }
        finally
        {
            InTransaction = false;
            if (_pooled is not null)
            {
                Execute("PRAGMA cache_size = -2000"); // the pooled connection goes back without the load's cache
                await _pooled.DisposeAsync();
            }
            else
            {
                Handle.Dispose();
            }
        }
    }
}
