namespace ErpConnector.Distributors.Runs;

/// <summary>What the connector knows of a feed between runs: its last good run and the snapshot size then.</summary>
public sealed record FeedState(
    string FeedId,
    string? LastGoodRunId,
    DateTimeOffset? LastGoodAt,
    long RowCount,
    string? LastRunId,
    string? LastRunStatus,
    DateTimeOffset? LastRunAt);
