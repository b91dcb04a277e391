namespace ErpConnector.Distributors.Status;

/// <summary>A feed as the API and health check show it.</summary>
public sealed record FeedStatus(
    string Id,
    string Name,
    string Adapter,
    bool Enabled,
    string? LastRunId,
    string? LastRunStatus,
    DateTimeOffset? LastRunAt,
    string? LastGoodRunId,
    DateTimeOffset? LastGoodAt,
    long RowCount,
    bool Stale,
    TimeSpan StaleAfter,
    DateTimeOffset? NextRunAt,
    string? ActiveRunId)
{
    /// <summary>What went wrong in the last run and who has to act; null when it was applied.</summary>
    public FeedProblem? Problem { get; init; }
    public string? LastRunReason { get; init; }
}
