namespace ErpConnector.Distributors.Configuration;

/// <summary>Limits past which a fetched feed is rejected instead of applied (an operator may force it through).</summary>
public sealed class FeedThresholds
{
    /// <summary>Reject when the catalogue would shrink by more than this share of the last good run (0-100).</summary>
    public double MaxDropPercent { get; set; } = 20;
    /// <summary>Reject when more rows than this cannot be parsed.</summary>
    public int MaxMalformedRows { get; set; } = 100;
    /// <summary>Reject when more than this share of the rows read cannot be parsed (0-100).</summary>
    public double MaxMalformedPercent { get; set; } = 1;
    /// <summary>Reject a run that would leave fewer rows than this.</summary>
    public int MinRows { get; set; } = 1;
    /// <summary>How many malformed lines a run keeps (with line numbers) to show the operator.</summary>
    public int MalformedSamples { get; set; } = 10;

    // The two ceilings below are checked while the feed streams in: reading stops at the limit, the run is
    // rejected and nothing is applied. Unlike the guards above, force cannot push past them — the feed was
    // not read to its end, so there is nothing whole to apply.

    /// <summary>Rows read (valid or not; for an API, across all pages) past which the run is rejected. A feed
    /// many times larger than any real catalogue is a distributor's mistake, and applying it would grow the
    /// database and the snapshot index without bound (6 M rows: memory 161 → 818 MB, 786 MB of database and WAL).</summary>
    public long MaxRows { get; set; } = 2_000_000;

    /// <summary>Bytes of feed text (after decompression; for an API, response bodies) past which the run is
    /// rejected: a small zip may inflate to gigabytes.</summary>
    public long MaxUncompressedBytes { get; set; } = 1L << 30;
}
