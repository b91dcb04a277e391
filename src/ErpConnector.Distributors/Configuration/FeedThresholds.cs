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
}
