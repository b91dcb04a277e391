namespace ErpConnector.Contracts;

/// <summary>Output: a feed run was not applied; the last good snapshot stays. Exchange <c>distributor.feed-rejected</c>.</summary>
public sealed record DistributorFeedRejected
{
    /// <summary>The feed's configured id (the <c>{id}</c> of <c>/api/distributors/{id}</c>).</summary>
    public string FeedId { get; init; } = "";
    /// <summary>The run, readable at <c>GET /api/distributors/{id}/runs/{runId}</c>.</summary>
    public string RunId { get; init; } = "";
    /// <summary><c>empty</c>, <c>row-count-drop</c>, <c>too-many-malformed</c>, <c>too-few-rows</c> (guards),
    /// <c>too-many-rows</c>, <c>too-many-bytes</c> (ceilings), <c>credentials-rejected</c> (the distributor refused the
    /// credentials: HTTP 401/403, OAuth <c>invalid_client</c>, SFTP login or access refused — retrying will not help) or
    /// <c>fetch-failed</c> (the distributor could not be reached or failed, a corrupt archive, a changed SFTP host key).</summary>
    public string Reason { get; init; } = "";
    /// <summary>What went wrong and what to check, for a person.</summary>
    public string Message { get; init; } = "";
    /// <summary>What an operator has to do, when someone has to: for <c>credentials-rejected</c> "Re-enter the
    /// credentials, then test the connection."; null when the next run may well succeed by itself.</summary>
    public string? Action { get; init; }
    /// <summary>Rows read before the run stopped or was judged.</summary>
    public long RowsRead { get; init; }
    /// <summary>Rows of <see cref="RowsRead"/> that parsed.</summary>
    public long ValidRows { get; init; }
    /// <summary>Rows of <see cref="RowsRead"/> that did not parse; the first few are in <see cref="FirstMalformedLines"/>.</summary>
    public long MalformedRows { get; init; }
    /// <summary>Rows of the last good snapshot, and what the snapshot would have become.</summary>
    public long LastGoodRows { get; init; }
    /// <summary>Null when the run stopped before that was known.</summary>
    public long? RowsAfter { get; init; }
    /// <summary>A sample of the malformed rows, in file order; empty when none were.</summary>
    public IReadOnlyList<DistributorMalformedLine> FirstMalformedLines { get; init; } = [];
    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>When the run ended (or was last seen alive, for one that died).</summary>
    public DateTimeOffset FinishedAt { get; init; }
}

/// <summary>A row of a feed that could not be read.</summary>
/// <param name="Line">1-based line of the file, or position in the API's listing.</param>
/// <param name="Reason">Why it was refused, for a person.</param>
/// <param name="Raw">The row as received, cut at 300 characters (then ending in …).</param>
public sealed record DistributorMalformedLine(long Line, string Reason, string Raw);
