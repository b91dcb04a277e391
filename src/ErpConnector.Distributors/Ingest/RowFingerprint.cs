using System.IO.Hashing;
using System.Runtime.InteropServices;
using ErpConnector.Distributors.Feeds;

namespace ErpConnector.Distributors.Ingest;

/// <summary>Stable 64-bit fingerprints (XxHash3, same in every process and version): a SKU key to find the
/// stored row without holding SKU strings in memory, and a row hash to tell "changed" from "unchanged".</summary>
public sealed class RowFingerprint
{
    private static readonly byte[] Separator = [0x1F, 0];
    private readonly XxHash3 _hash = new();

    public static ulong SkuKey(ReadOnlySpan<char> sku) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(sku));

    public ulong RowHash(ReadOnlySpan<char> sku, decimal price, ReadOnlySpan<char> currency, decimal? retailPrice, ReadOnlySpan<char> description)
        => RowHash(sku, price, currency, retailPrice, description, default, null);

    /// <summary>Also fingerprints the best-price fields, only when present: a feed without them hashes exactly as
    /// before they existed (no spurious "changed" run after an upgrade), and a stock flip alone is a change.</summary>
    public ulong RowHash(ReadOnlySpan<char> sku, decimal price, ReadOnlySpan<char> currency, decimal? retailPrice, ReadOnlySpan<char> description,
        ReadOnlySpan<char> productKey, bool? inStock)
    {
        _hash.Reset();
        _hash.Append(MemoryMarshal.AsBytes(sku));
        AppendDecimal(price);
        _hash.Append(MemoryMarshal.AsBytes(currency));
        if (retailPrice is { } retail) AppendDecimal(retail); else _hash.Append(Separator);
        _hash.Append(MemoryMarshal.AsBytes(description));
        if (!productKey.IsEmpty || inStock is not null)
        {
            _hash.Append(Separator);
            _hash.Append(MemoryMarshal.AsBytes(productKey));
            _hash.Append(Separator);
            _hash.Append([inStock switch { true => (byte)1, false => (byte)2, null => (byte)0 }]);
        }
        return _hash.GetCurrentHashAsUInt64();
    }

    private void AppendDecimal(decimal value)
    {
        // Normalised first, so a feed switching from "10.50" to "10.5" is not a change.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(PriceText.Normalize(value), bits);
        _hash.Append(MemoryMarshal.AsBytes(bits));
        _hash.Append(Separator);
    }
}
