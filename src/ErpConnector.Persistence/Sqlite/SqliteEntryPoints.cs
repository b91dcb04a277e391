using System.Runtime.InteropServices;

namespace ErpConnector.Persistence.Sqlite;

/// <summary>The SQLite calls a bulk price write makes per row (and the ledger's writer per value), declared on raw handles. SQLitePCLRaw marshals its
/// SafeHandle on every call (a reference taken and released per bind: ~5% of a million-row first load's CPU under
/// perf); <see cref="RawStatement"/> holds its statement's handle once for the statement's life instead. Same native
/// library SQLitePCLRaw loads (e_sqlite3), same handles.</summary>
internal static unsafe partial class SqliteEntryPoints
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_STATIC: SQLite reads the bytes where they are, without copying; they must stay put until the
    /// statement next runs.</summary>
    public const nint Static = 0;

    // The binds and the column read are a few dozen instructions that never block or call back (SQLITE_STATIC text:
    // no copy; the statement is idle between runs; the load connection takes no mutex, and the in-memory fallback's
    // is never contended: one run, one thread), made nine times per row: they skip the GC transition each P/Invoke
    // otherwise pays (SuppressGCTransition). Step and reset do the row's real work and keep it.

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    [SuppressGCTransition]
    public static partial int BindText(nint statement, int index, byte* utf8, int length, nint destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    [SuppressGCTransition]
    public static partial int BindInt64(nint statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    [SuppressGCTransition]
    public static partial int BindNull(nint statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    public static partial int Reset(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
    [SuppressGCTransition]
    public static partial long ColumnInt64(nint statement, int column);
}
