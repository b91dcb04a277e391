using System.IO.Hashing;
using System.Runtime.InteropServices;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Ingest;

namespace ErpConnector.Distributors.Tests;

/// <summary>Row hashes are stored (distributor_prices.row_hash) and compared by the next run: a hash that changed
/// between versions would report every row of every feed as changed after an upgrade.</summary>
public sealed class RowFingerprintTests
{
    public static TheoryData<string, decimal, string, decimal?, string, string, bool?> Rows => new()
    {
        { "IM0000001", 10.50m, "BRL", 13.65m, "Notebook ThinkPad Lenovo #1", "", null },
        { "IM0000002", 10.5m, "USD", null, "", "", null },
        { "SKU-Ç", 0.01m, "EUR", 0m, "Cabo HDMI, 2 m \"Slim\" ação", "07891234567895", true },
        { "X", 123456789.123456789m, "BRL", 1m, "d", "", false },
        { "Y", 5m, "BRL", 7.000m, "", "LENOVO:20XW", null },
        { "Z", 79228162514264337593543950335m, "BRL", 0.0000000000000000000000000001m, new string('é', 700), new string('K', 40), true },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Hashes_a_row_as_the_streaming_fingerprint_of_earlier_versions_did(string sku, decimal price, string currency,
        decimal? retail, string description, string productKey, bool? inStock)
    {
        var fingerprint = new RowFingerprint();
        Assert.Equal(StreamedRowHash(sku, price, currency, retail, description, productKey, inStock),
            fingerprint.RowHash(sku, price, currency, retail, description, productKey, inStock));
        // Twice on the same instance: its reused buffer must not leak one row into the next.
        Assert.Equal(StreamedRowHash("A", 1m, "BRL", null, "", "", null), fingerprint.RowHash("A", 1m, "BRL", null, ""));
        Assert.Equal(StreamedRowHash(sku, price, currency, retail, description, productKey, inStock),
            fingerprint.RowHash(sku, price, currency, retail, description, productKey, inStock));
    }

    [Fact]
    public void A_price_written_with_trailing_zeros_is_the_same_row()
    {
        var fingerprint = new RowFingerprint();
        Assert.Equal(fingerprint.RowHash("A", 10.5m, "BRL", 12m, "d"), fingerprint.RowHash("A", 10.50m, "BRL", 12.00m, "d"));
        Assert.NotEqual(fingerprint.RowHash("A", 10.5m, "BRL", 12m, "d"), fingerprint.RowHash("A", 10.51m, "BRL", 12m, "d"));
    }

    /// <summary>The fingerprint as it was written until 2026-11-30: each field appended to a streaming XxHash3.</summary>
    private static ulong StreamedRowHash(string sku, decimal price, string currency, decimal? retail, string description, string productKey, bool? inStock)
    {
        byte[] separator = [0x1F, 0];
        var hash = new XxHash3();
        void AppendDecimal(decimal value)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(PriceText.Normalize(value), bits);
            hash.Append(MemoryMarshal.AsBytes(bits));
            hash.Append(separator);
        }
        hash.Append(MemoryMarshal.AsBytes(sku.AsSpan()));
        AppendDecimal(price);
        hash.Append(MemoryMarshal.AsBytes(currency.AsSpan()));
        if (retail is { } r) AppendDecimal(r); else hash.Append(separator);
        hash.Append(MemoryMarshal.AsBytes(description.AsSpan()));
        if (productKey.Length > 0 || inStock is not null)
        {
            hash.Append(separator);
            hash.Append(MemoryMarshal.AsBytes(productKey.AsSpan()));
            hash.Append(separator);
            hash.Append([inStock switch { true => (byte)1, false => (byte)2, null => (byte)0 }]);
        }
        return hash.GetCurrentHashAsUInt64();
    }
}
