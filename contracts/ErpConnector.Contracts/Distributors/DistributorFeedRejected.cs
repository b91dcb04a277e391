namespace ErpConnector.Contracts;

/// <summary>Output: a feed run was not applied; the last good snapshot stays. Exchange <c>distributor.feed-rejected</c>.</summary>
public sealed record DistributorFeedRejected
{
    public string FeedId { get; init; } = "";
    public string RunId { get; init; } = "";
    /// <summary><c>empty</c>, <c>row-count-drop</c>, <c>too-many-malformed</c>, <c>too-few-rows</c> (guards),
    /// <c>too-many-rows</c>, <c>too-many-bytes</c> (ceilings) or <c>fetch-failed</c> (credentials, network, corrupt archive).</summary>
    public string Reason { get; init; } = "";
    public string Message { get; init; } = "";
    public long RowsRead { get; init; }
    public long ValidRows { get; init; }
    public long MalformedRows { get; init; }
    /// <summary>Rows of the last good snapshot, and what the snapshot would have become.</summary>
    public long LastGoodRows { get; init; }
    public long? RowsAfter { get; init; }
    public IReadOnlyList<DistributorMalformedLine> FirstMalformedLines { get; init; } = [];
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
}

public sealed record DistributorMalformedLine(long Line, string Reason, string Raw);
