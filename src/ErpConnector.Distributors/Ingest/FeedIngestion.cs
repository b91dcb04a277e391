using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Snapshots;

namespace ErpConnector.Distributors.Ingest;

/// <summary>Diffs a streamed feed against the last good snapshot: unchanged rows cost a hash lookup and
/// nothing else; added and changed rows go to staging; removed ones are known once the feed ends.
/// Counters are plain fields written by the reading thread and read (possibly a little stale) by the
/// progress reporter. Past <c>maxRows</c> rows (announced or read) it throws <see cref="FeedLimitExceededException"/>,
/// which stops the adapter where it is.</summary>
public sealed class FeedIngestion(SnapshotIndex index, IPriceStaging staging, int sampleLimit, long maxRows = long.MaxValue,
    BestPrice.MatchBy matchBy = BestPrice.MatchBy.VendorPart) : IFeedRowSink
{
    private const int MaxSkuLength = 100;
    private const int MaxRawLength = 300;
    // Rows read before a first load sizes its index from the share of the file they took.
    private const long SizingSampleRows = 65_536;
    // The most a size estimate reserves up front (≈ 75 MB of index once the dictionary rounds it up); a bigger feed's index doubles from there.
    private const long MaxReservedRows = 2_097_152;
    private readonly RowFingerprint _fingerprint = new();
    private readonly List<MalformedLine> _samples = [];

    public long RowsRead;
    public long RowsValid;
    public long RowsMalformed;
    public long Added;
    public long Changed;
    public long Unchanged;
    public long Deleted;
    public long BytesRead;
    public long? BytesTotal;
    public long? RowsExpected;

    public IReadOnlyList<MalformedLine> Samples => _samples;

    public void Accept(in FeedRecord r)
    {
        CountRow();
        var sku = r.Sku.Trim();
        if (sku.IsEmpty) { Malformed(r.Line, "SKU is empty", r.Raw); return; }
        if (sku.Length > MaxSkuLength) { Malformed(r.Line, $"SKU is longer than {MaxSkuLength} characters", r.Raw); return; }
        if (r.Action == FeedAction.Upsert)
        {
            if (r.Price <= 0) { Malformed(r.Line, $"price {r.Price} is not positive", r.Raw); return; }
            if (r.RetailPrice is < 0) { Malformed(r.Line, $"retail price {r.RetailPrice} is negative", r.Raw); return; }
            if (!IsCurrencyCode(r.Currency)) { Malformed(r.Line, $"currency '{r.Currency.ToString()}' is not a three-letter code", r.Raw); return; }
        }

        var key = RowFingerprint.SkuKey(sku);
        ref var entry = ref index.Find(key, out var stored);
        if (stored && entry.Mark != SnapshotIndex.Mark.Stored)
        {
            // A second row for a SKU is ambiguous (which price wins?): keep the first, report the rest.
            Malformed(r.Line, $"duplicate SKU (first seen on line {entry.Line})", r.Raw);
            return;
        }
        RowsValid++;
        var wasStored = stored;
        entry.Line = (int)Math.Min(r.Line, int.MaxValue);

        if (r.Action == FeedAction.Delete)
        {
            entry.Mark = wasStored ? SnapshotIndex.Mark.Seen : SnapshotIndex.Mark.New;
            if (!wasStored) return;
            Deleted++;
            staging.Remove(sku);
            return;
        }

        var description = r.Description.Trim();
        Span<char> productKey = stackalloc char[BestPrice.ProductKey.MaxLength];
        var keyLength = BestPrice.ProductKey.TryWrite(matchBy, r.Vendor, r.VendorPartNumber, r.Ean, productKey, out var written) ? written : 0;
        var hash = _fingerprint.RowHash(sku, r.Price, r.Currency, r.RetailPrice, description, productKey[..keyLength], r.InStock);
        if (wasStored)
        {
            entry.Mark = SnapshotIndex.Mark.Seen;
            if (entry.RowHash == hash) { Unchanged++; return; }
            Changed++;
        }
        else
        {
            entry.Mark = SnapshotIndex.Mark.New;
            Added++;
        }
        entry.RowHash = hash;
        staging.Upsert(new StagedPrice
        {
            Sku = sku, SkuKey = key, RowHash = hash, Price = r.Price, Currency = r.Currency,
            RetailPrice = r.RetailPrice, Description = description, IsNew = !wasStored,
            ProductKey = productKey[..keyLength], InStock = r.InStock,
        });
    }

    public void Reject(long line, string reason, ReadOnlySpan<char> raw)
    {
        CountRow();
        Malformed(line, reason, raw);
    }

    public void Progress(long bytesRead, long? total)
    {
        BytesRead = bytesRead;
        if (total is not null) BytesTotal = total;
    }

    public void ExpectRows(long total)
    {
        RowsExpected = total;
        if (total > maxRows)
            throw FeedLimitExceededException.Rows(maxRows, $"The source announces {total:N0} rows");
        if (index.StoredCount == 0) ReserveIndex(total);
    }

    private void CountRow()
    {
        if (++RowsRead > maxRows)
            throw FeedLimitExceededException.Rows(maxRows, $"The feed has more than {maxRows:N0} rows (reading stopped at row {RowsRead:N0})");
        if (RowsRead == SizingSampleRows) SizeFirstLoadIndex();
    }

    /// <summary>A first load's index starts empty and would double its way to a million entries (≈ 60 MB of
    /// discarded tables, every entry rehashed at each step). A local file's size is known and its rows are read in
    /// order: once a sample of rows is in, the file's remaining share says about how many rows are coming. An
    /// estimate only: too low, the index grows as before; too high (a zip whose first rows compress far better than
    /// the rest, a REST count that lies), it holds empty slots, so it is capped at MaxRows and
    /// <see cref="MaxReservedRows"/>.</summary>
    private void SizeFirstLoadIndex()
    {
        if (index.StoredCount > 0 || RowsExpected is not null || BytesTotal is not { } total || BytesRead <= 0 || BytesRead >= total) return;
        var estimate = Math.Min((double)RowsRead * total / BytesRead, MaxReservedRows);
        ReserveIndex((long)(estimate * 1.0625));
    }

    private void ReserveIndex(long rows) => index.Reserve((int)Math.Clamp(rows + 1, 1, Math.Min(maxRows, MaxReservedRows) + 1));

    private void Malformed(long line, string reason, ReadOnlySpan<char> raw)
    {
        RowsMalformed++;
        if (_samples.Count < sampleLimit)
            _samples.Add(new MalformedLine(line, reason, raw.Length > MaxRawLength ? raw[..MaxRawLength].ToString() + "…" : raw.ToString()));
    }

    private static bool IsCurrencyCode(ReadOnlySpan<char> c) =>
        c.Length == 3 && char.IsAsciiLetterUpper(c[0]) && char.IsAsciiLetterUpper(c[1]) && char.IsAsciiLetterUpper(c[2]);
}
