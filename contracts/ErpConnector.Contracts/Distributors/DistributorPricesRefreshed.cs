namespace ErpConnector.Contracts;

/// <summary>Output: a distributor feed run was applied (possibly with no change at all).
/// Exchange <c>distributor.prices-refreshed</c>.</summary>
public sealed record DistributorPricesRefreshed
{
    /// <summary>The feed's configured id (the <c>{id}</c> of <c>/api/distributors/{id}</c>).</summary>
    public string FeedId { get; init; } = "";
    /// <summary>The run, readable at <c>GET /api/distributors/{id}/runs/{runId}</c>.</summary>
    public string RunId { get; init; } = "";
    /// <summary>Rows in the snapshot after the run.</summary>
    public long Rows { get; init; }
    /// <summary>Rows read from the feed, malformed ones included.</summary>
    public long RowsRead { get; init; }
    /// <summary>SKUs new in this run.</summary>
    public long Added { get; init; }
    /// <summary>SKUs whose price, currency, retail price or description changed.</summary>
    public long Changed { get; init; }
    /// <summary>SKUs gone from the feed: no longer listed, or listed as deleted.</summary>
    public long Removed { get; init; }
    /// <summary>SKUs listed again exactly as before.</summary>
    public long Unchanged { get; init; }
    /// <summary>Rows that could not be read and were left out; see the run for the first of them.</summary>
    public long MalformedRows { get; init; }
    /// <summary>An operator pushed the run through a guard that rejected it.</summary>
    public bool Forced { get; init; }
    /// <summary>True for the first load of a feed: no DistributorPricesChanged follow, read the prices from the API.</summary>
    public bool InitialLoad { get; init; }
    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>When the run was applied.</summary>
    public DateTimeOffset FinishedAt { get; init; }
}
