using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ErpConnector.Persistence.Sqlite;

/// <summary>A prepared statement driven through SQLite directly, for the two hot write paths (the bulk price apply
/// and the deal ledger's writer): binding UTF-8 spans costs well under a microsecond, where ADO.NET parameters
/// (boxing, string conversion) cost several per row — the difference between a million-row apply taking 1 s or 4 s. The per-row calls go through <see cref="SqliteEntryPoints"/> on
/// the raw handle, referenced once here rather than on every call. Runs inside whatever transaction the connection
/// holds; one thread at a time, like the connection.</summary>
internal sealed unsafe class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly nint _handle;
    private bool _referenced;

    public RawStatement(sqlite3 db, string sql)
    {
        _db = db;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        _statement.DangerousAddRef(ref _referenced);
        _handle = _statement.DangerousGetHandle();
    }

    /// <summary>Binds the bytes where they are, without a copy (SQLITE_STATIC): the caller keeps them pinned and
    /// unchanged until the statement has run with them. An empty but present span binds empty text, not NULL.</summary>
    public RawStatement PinnedText(int index, ReadOnlySpan<byte> utf8)
    {
        fixed (byte* bytes = &MemoryMarshal.GetReference(utf8))
            Check(SqliteEntryPoints.BindText(_handle, index, bytes, utf8.Length, SqliteEntryPoints.Static));
        return this;
    }

    /// <summary>Binds a copy of the text (for values bound once and kept across many runs).</summary>
    public RawStatement Text(int index, string value) { Check(raw.sqlite3_bind_text(_statement, index, value)); return this; }
    public RawStatement Int64(int index, long value) { Check(SqliteEntryPoints.BindInt64(_handle, index, value)); return this; }
    public RawStatement Null(int index) { Check(SqliteEntryPoints.BindNull(_handle, index)); return this; }

    /// <summary>Runs the statement once and resets it, keeping the bindings for the next run to overwrite.</summary>
    public void Execute()
    {
        var rc = SqliteEntryPoints.Step(_handle);
        SqliteEntryPoints.Reset(_handle);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW) Check(rc);
    }

    /// <summary>Advances a query: true with a row to read, false (and reset) at the end.</summary>
    public bool Step()
    {
        var rc = SqliteEntryPoints.Step(_handle);
        if (rc == raw.SQLITE_ROW) return true;
        SqliteEntryPoints.Reset(_handle);
        if (rc != raw.SQLITE_DONE) Check(rc);
        return false;
    }

    public int ParameterCount => raw.sqlite3_bind_parameter_count(_statement);

    /// <summary>The position of a named parameter (<c>@Status</c>), 0 when the SQL has none by that name.</summary>
    public int IndexOf(string name) => raw.sqlite3_bind_parameter_index(_statement, name);

    /// <summary>Rows the connection's last INSERT/UPDATE/DELETE changed (after <see cref="Execute"/>).</summary>
    public int Changes => raw.sqlite3_changes(_db);

    /// <summary>The parameter's name as written in the SQL, prefix included (<c>@Status</c>).</summary>
    public string ParameterName(int index) => raw.sqlite3_bind_parameter_name(_statement, index).utf8_to_string();

    public long ColumnInt64(int column) => SqliteEntryPoints.ColumnInt64(_handle, column);

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
    }

    public void Dispose()
    {
        if (_referenced) _statement.DangerousRelease();
        _referenced = false;
        raw.sqlite3_finalize(_statement);
    }
}
