namespace ErpConnector.Contracts;

/// <summary>Output: a distributor feed run was applied (possibly with no change at all).
/// Exchange <c>distributor.prices-refreshed</c>.</summary>
public sealed record DistributorPricesRefreshed
{
    public string FeedId { get; init; } = "";
    public string RunId { get; init; } = "";
    /// <summary>Rows in the snapshot after the run.</summary>
    public long Rows { get; init; }
    public long RowsRead { get; init; }
    public long Added { get; init; }
    public long Changed { get; init; }
    public long Removed { get; init; }
    public long Unchanged { get; init; }
    public long MalformedRows { get; init; }
    /// <summary>An operator pushed the run through a guard that rejected it.</summary>
    public bool Forced { get; init; }
    /// <summary>True for the first load of a feed: no DistributorPricesChanged follow, read the prices from the API.</summary>
    public bool InitialLoad { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
}
