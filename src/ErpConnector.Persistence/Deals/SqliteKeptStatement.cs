using System.Globalization;
using System.Text;
using ErpConnector.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ErpConnector.Persistence.Deals;

/// <summary>
/// One ledger statement prepared on SQLite's writer connection and kept for the connection's life. Each run binds
/// its values by position (each parameter's position looked up once, here) straight into SQLite and steps it: no
/// command, parameter or binder objects per write, no name lookups (Microsoft.Data.Sqlite scans the statement's
/// parameter names for every parameter of every run). Values are stored as Microsoft.Data.Sqlite stores them, so
/// every reader sees the same row: text as UTF-8, integers and booleans as integers, decimals as invariant text.
/// Writer thread only.
/// </summary>
internal sealed class SqliteKeptStatement : IDisposable
{
    // Microsoft.Data.Sqlite's own text form of a decimal (money is TEXT in the ledger, never a REAL).
    private const string DecimalFormat = "0.0###########################";
    private readonly RawStatement _statement;
    private readonly int[] _positions;
    private readonly object?[] _values;

    private SqliteKeptStatement(RawStatement statement, int[] positions)
    {
        _statement = statement;
        _positions = positions;
        _values = new object?[positions.Length];
    }

    public static SqliteKeptStatement Prepare<TArgs>(SqliteConnection db, LedgerStatement<TArgs> statement)
    {
        var prepared = new RawStatement(db.Handle!, statement.Sql);
        var positions = statement.Parameters.Select(p => prepared.IndexOf(p.Name)).ToArray();
        return new SqliteKeptStatement(prepared, positions);
    }

    /// <summary>Runs the statement once with <paramref name="args"/>' values; returns the rows it changed.</summary>
    public int Execute<TArgs>(LedgerStatement<TArgs> statement, TArgs args, PinnedText text)
    {
        var parameters = statement.Parameters;
        var bytes = 0;
        for (var i = 0; i < _values.Length; i++)
        {
            var value = parameters[i].Value(args);
            if (value is decimal money) value = money.ToString(DecimalFormat, CultureInfo.InvariantCulture);
            if (value is string s) bytes += Encoding.UTF8.GetMaxByteCount(s.Length);
            _values[i] = value;
        }
        // Text is bound where it lies (SQLITE_STATIC) in a buffer that never moves; it is rewritten only after this
        // run, and every run binds every parameter anew.
        var buffer = text.AtLeast(bytes);
        var offset = 0;
        try
        {
            for (var i = 0; i < _values.Length; i++)
            {
                var position = _positions[i];
                switch (_values[i])
                {
                    case null:
                        _statement.Null(position);
                        break;
                    case string s:
                        var length = Encoding.UTF8.GetBytes(s, buffer.AsSpan(offset));
                        _statement.PinnedText(position, buffer.AsSpan(offset, length));
                        offset += length;
                        break;
                    case long l:
                        _statement.Int64(position, l);
                        break;
                    case int n:
                        _statement.Int64(position, n);
                        break;
                    case bool b:
                        _statement.Int64(position, b ? 1 : 0);
                        break;
                    case var other:
                        throw new NotSupportedException($"A ledger statement's parameter {parameters[i].Name} is a {other.GetType().Name}; say here how SQLite stores it.");
                }
            }
            _statement.Execute();
            return _statement.Changes;
        }
        finally
        {
            Array.Clear(_values);
        }
    }

    public void Dispose() => _statement.Dispose();

    /// <summary>The writer's scratch space for UTF-8 text being bound: pinned (it never moves while SQLite holds a
    /// pointer into it), grown as needed, reused by every statement.</summary>
    internal sealed class PinnedText
    {
        private byte[] _buffer = GC.AllocateUninitializedArray<byte>(16 * 1024, pinned: true);

        public byte[] AtLeast(int bytes)
        {
            if (_buffer.Length < bytes) _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(bytes, _buffer.Length * 2), pinned: true);
            return _buffer;
        }
    }
}
