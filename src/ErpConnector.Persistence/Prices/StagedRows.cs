using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ErpConnector.Distributors.Snapshots;

namespace ErpConnector.Persistence.Prices;

public enum StagedKind : byte { Added = 0, Changed = 1, Removed = 2 }

/// <summary>Encodes staged rows into 256 KB chunks of UTF-8 straight from the parser's spans (no strings), and
/// hands each full chunk on. A record never spans two chunks, so any chunk decodes on its own.</summary>
internal sealed class StagedRowEncoder(Action<byte[], int> completed)
{
    public const int ChunkSize = 256 * 1024;
    private const int HeaderSize = 1 + 8 + 8;
    private byte[] _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private int _used;

    public long Count { get; private set; }

    public void Append(in StagedPrice p)
    {
        Span<byte> price = stackalloc byte[40];
        Span<byte> retail = stackalloc byte[40];
        var priceLength = FormatPrice(p.Price, price);
        var retailLength = p.RetailPrice is { } r ? FormatPrice(r, retail) : -1;
        Reserve(HeaderSize + 7 * 4 + Encoding.UTF8.GetMaxByteCount(p.Sku.Length + p.Currency.Length + p.Description.Length + p.ProductKey.Length) + 81);
        WriteHeader(p.IsNew ? StagedKind.Added : StagedKind.Changed, p.SkuKey, p.RowHash);
        WriteText(p.Sku);
        WriteBytes(price[..priceLength]);
        WriteText(p.Currency);
        if (retailLength < 0) WriteNull(); else WriteBytes(retail[..retailLength]);
        if (p.Description.IsEmpty) WriteNull(); else WriteText(p.Description);
        // Best price: the product key and the stock flag, null when the feed does not carry them.
        if (p.ProductKey.IsEmpty) WriteNull(); else WriteText(p.ProductKey);
        if (p.InStock is { } inStock) WriteBytes([inStock ? (byte)'1' : (byte)'0']); else WriteNull();
        Count++;
    }

    public void AppendRemoval(ReadOnlySpan<char> sku)
    {
        Reserve(HeaderSize + 7 * 4 + Encoding.UTF8.GetMaxByteCount(sku.Length));
        WriteHeader(StagedKind.Removed, 0, 0);
        WriteText(sku);
        WriteNull(); WriteNull(); WriteNull(); WriteNull(); WriteNull(); WriteNull();
        Count++;
    }

    /// <summary>Hands on the partly filled chunk (the receiver returns it to the pool).</summary>
    public void Flush()
    {
        if (_used == 0) return;
        completed(_chunk, _used);
        _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _used = 0;
    }

    public void Release()
    {
        ArrayPool<byte>.Shared.Return(_chunk);
        _chunk = [];
    }

    /// <summary>Canonical text (no trailing zeros: 10.50 → 10.5), as PriceText.Format, by trimming the formatted
    /// digits rather than dividing the decimal.</summary>
    private static int FormatPrice(decimal value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        if (destination[..written].IndexOf((byte)'.') < 0) return written;
        while (destination[written - 1] == (byte)'0') written--;
        if (destination[written - 1] == (byte)'.') written--;
        return written;
    }

    private void Reserve(int bytes)
    {
        if (bytes > ChunkSize) throw new InvalidOperationException($"A staged row of {bytes} bytes exceeds the {ChunkSize}-byte chunk.");
        if (_used + bytes > ChunkSize) Flush();
    }

    private void WriteHeader(StagedKind kind, ulong key, ulong hash)
    {
        _chunk[_used] = (byte)kind;
        BinaryPrimitives.WriteUInt64LittleEndian(_chunk.AsSpan(_used + 1), key);
        BinaryPrimitives.WriteUInt64LittleEndian(_chunk.AsSpan(_used + 9), hash);
        _used += HeaderSize;
    }

    private void WriteText(ReadOnlySpan<char> text)
    {
        var written = Encoding.UTF8.GetBytes(text, _chunk.AsSpan(_used + 4));
        BinaryPrimitives.WriteInt32LittleEndian(_chunk.AsSpan(_used), written);
        _used += 4 + written;
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_chunk.AsSpan(_used), bytes.Length);
        bytes.CopyTo(_chunk.AsSpan(_used + 4));
        _used += 4 + bytes.Length;
    }

    private void WriteNull()
    {
        BinaryPrimitives.WriteInt32LittleEndian(_chunk.AsSpan(_used), -1);
        _used += 4;
    }
}

/// <summary>One decoded record: spans into the chunk (sku, price, currency, retail, description; empty and
/// flagged null where absent).</summary>
internal readonly ref struct StagedRow
{
    public StagedKind Kind { get; init; }
    public ulong SkuKey { get; init; }
    public ulong RowHash { get; init; }
    public ReadOnlySpan<byte> Sku { get; init; }
    public ReadOnlySpan<byte> Price { get; init; }
    public ReadOnlySpan<byte> Currency { get; init; }
    public ReadOnlySpan<byte> RetailPrice { get; init; }
    public bool HasRetailPrice { get; init; }
    public ReadOnlySpan<byte> Description { get; init; }
    public bool HasDescription { get; init; }
    public ReadOnlySpan<byte> ProductKey { get; init; }
    public bool HasProductKey { get; init; }
    /// <summary><c>1</c> in stock, <c>0</c> out of stock; absent when the feed does not say.</summary>
    public ReadOnlySpan<byte> InStock { get; init; }
    public bool HasInStock { get; init; }
}

internal ref struct StagedRowReader(ReadOnlySpan<byte> chunk, int position = 0)
{
    private readonly ReadOnlySpan<byte> _chunk = chunk;
    private int _position = position;

    /// <summary>Where the next record starts (a reader made at this offset reads it again).</summary>
    public readonly int Position => _position;

    public bool Next(out StagedRow row)
    {
        if (_position >= _chunk.Length) { row = default; return false; }
        var kind = (StagedKind)_chunk[_position];
        var key = BinaryPrimitives.ReadUInt64LittleEndian(_chunk[(_position + 1)..]);
        var hash = BinaryPrimitives.ReadUInt64LittleEndian(_chunk[(_position + 9)..]);
        _position += 17;
        var sku = Field(out _);
        var price = Field(out _);
        var currency = Field(out _);
        var retail = Field(out var hasRetail);
        var description = Field(out var hasDescription);
        var productKey = Field(out var hasProductKey);
        var inStock = Field(out var hasInStock);
        row = new StagedRow
        {
            Kind = kind, SkuKey = key, RowHash = hash, Sku = sku, Price = price, Currency = currency,
            RetailPrice = retail, HasRetailPrice = hasRetail, Description = description, HasDescription = hasDescription,
            ProductKey = productKey, HasProductKey = hasProductKey, InStock = inStock, HasInStock = hasInStock,
        };
        return true;
    }

    private ReadOnlySpan<byte> Field(out bool present)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(_chunk[_position..]);
        _position += 4;
        present = length >= 0;
        if (!present) return default;
        var field = _chunk.Slice(_position, length);
        _position += length;
        return field;
    }
}
