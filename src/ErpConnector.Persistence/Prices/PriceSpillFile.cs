using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Snapshots;

namespace ErpConnector.Persistence.Prices;

/// <summary>An append-only file of the rows a run would write, in feed order: UTF-8 straight from the parser's
/// spans, so staging a million rows costs one sequential write and no strings; it is deleted with the run
/// (and, if the process dies, is never read: the run is interrupted).</summary>
internal sealed class PriceSpillFile : IDisposable
{
    public enum Kind : byte { Added = 0, Changed = 1, Removed = 2 }

    private const int HeaderSize = 1 + 8 + 8;
    private readonly FileStream _file;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _used;

    public PriceSpillFile(string path)
    {
        Path = path;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
    }

    public string Path { get; }
    public long Count { get; private set; }

    public void Append(in StagedPrice p)
    {
        Span<byte> price = stackalloc byte[40];
        Span<byte> retail = stackalloc byte[40];
        var priceLength = FormatPrice(p.Price, price);
        var retailLength = p.RetailPrice is { } r ? FormatPrice(r, retail) : -1;
        Reserve(HeaderSize + 5 * 4 + Encoding.UTF8.GetMaxByteCount(p.Sku.Length + p.Currency.Length + p.Description.Length) + 80);
        WriteHeader(p.IsNew ? Kind.Added : Kind.Changed, p.SkuKey, p.RowHash);
        WriteText(p.Sku);
        WriteBytes(price[..priceLength]);
        WriteText(p.Currency);
        if (retailLength < 0) WriteNull(); else WriteBytes(retail[..retailLength]);
        if (p.Description.IsEmpty) WriteNull(); else WriteText(p.Description);
        Count++;
    }

    public void AppendRemoval(ReadOnlySpan<char> sku)
    {
        Reserve(HeaderSize + 5 * 4 + Encoding.UTF8.GetMaxByteCount(sku.Length));
        WriteHeader(Kind.Removed, 0, 0);
        WriteText(sku);
        WriteNull(); WriteNull(); WriteNull(); WriteNull();
        Count++;
    }

    /// <summary>Reads every record back from the start, in order.</summary>
    public IEnumerable<Record> ReadAll()
    {
        Flush();
        _file.Position = 0;
        var reader = new RecordReader(_file);
        while (reader.Next()) yield return reader.Current;
    }

    public void Flush()
    {
        if (_used == 0) return;
        _file.Write(_buffer, 0, _used);
        _used = 0;
    }

    private static int FormatPrice(decimal value, Span<byte> destination)
    {
        PriceText.Normalize(value).TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private void Reserve(int bytes)
    {
        if (_used + bytes > _buffer.Length) Flush();
        if (bytes > _buffer.Length) throw new InvalidOperationException($"A staged row of {bytes} bytes exceeds the spill buffer.");
    }

    private void WriteHeader(Kind kind, ulong key, ulong hash)
    {
        _buffer[_used] = (byte)kind;
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_used + 1), key);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_used + 9), hash);
        _used += HeaderSize;
    }

    private void WriteText(ReadOnlySpan<char> text)
    {
        var written = Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used + 4));
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), written);
        _used += 4 + written;
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used + 4));
        _used += 4 + bytes.Length;
    }

    private void WriteNull()
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), -1);
        _used += 4;
    }

    public void Dispose() => _file.Dispose();

    /// <summary>One record; field bytes are valid until the next record is read.</summary>
    public readonly record struct Record(Kind Kind, ulong SkuKey, ulong RowHash, byte[] Buffer, (int Offset, int Length)[] Fields)
    {
        public ReadOnlySpan<byte> Field(int i) => Fields[i].Length < 0 ? default : Buffer.AsSpan(Fields[i].Offset, Fields[i].Length);
        public bool IsNull(int i) => Fields[i].Length < 0;
    }

    private sealed class RecordReader(Stream stream)
    {
        private readonly BufferedStream _input = new(stream, 256 * 1024);
        private byte[] _record = new byte[4096];
        private readonly (int, int)[] _fields = new (int, int)[5];

        public Record Current { get; private set; }

        public bool Next()
        {
            Span<byte> header = stackalloc byte[HeaderSize];
            var got = _input.Read(header);
            if (got == 0) return false;
            if (got < HeaderSize) _input.ReadExactly(header[got..]); // a short read: top the header up
            var used = 0;
            Span<byte> lengthBytes = stackalloc byte[4];
            for (var i = 0; i < _fields.Length; i++)
            {
                _input.ReadExactly(lengthBytes);
                var length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
                if (length < 0) { _fields[i] = (0, -1); continue; }
                if (used + length > _record.Length) Array.Resize(ref _record, Math.Max(_record.Length * 2, used + length));
                _input.ReadExactly(_record.AsSpan(used, length));
                _fields[i] = (used, length);
                used += length;
            }
            Current = new Record((Kind)header[0], BinaryPrimitives.ReadUInt64LittleEndian(header[1..]),
                BinaryPrimitives.ReadUInt64LittleEndian(header[9..]), _record, _fields);
            return true;
        }
    }
}
