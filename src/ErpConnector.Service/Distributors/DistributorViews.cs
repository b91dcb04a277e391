using ErpConnector.Distributors.Ingest;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using ErpConnector.Distributors.Status;

namespace ErpConnector.Service.Distributors;

internal sealed record FeedStatusView(
    string Id, string Name, string Adapter, bool Enabled, string? LastRunId, string? LastRunStatus, DateTimeOffset? LastRunAt,
    string? LastGoodRunId, DateTimeOffset? LastGoodAt, long RowCount, bool Stale, string StaleAfter, DateTimeOffset? NextRunAt,
    string? ActiveRunId, string? LastRunReason, FeedProblem? Problem)
{
    public static FeedStatusView From(FeedStatus s) => new(
        s.Id, s.Name, s.Adapter, s.Enabled, s.LastRunId, s.LastRunStatus, s.LastRunAt, s.LastGoodRunId, s.LastGoodAt,
        s.RowCount, s.Stale, s.StaleAfter.ToString(), s.NextRunAt, s.ActiveRunId, s.LastRunReason, s.Problem);
}

internal sealed record FeedRunView(
    string RunId, string FeedId, string Trigger, bool Forced, string Status, string? Reason, string? Message,
    FeedRunProgressView Progress, FeedRunOutcomeView Outcome, IReadOnlyList<MalformedLine> FirstMalformedLines,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public static FeedRunView From(FeedRun r) => new(
        r.RunId, r.FeedId, r.Trigger, r.Forced, r.Status, r.Reason, r.Message,
        new FeedRunProgressView(r.RowsRead, r.RowsExpected, r.Added + r.Changed + r.Removed, r.BytesRead, r.BytesTotal,
            r.BytesTotal is > 0 ? Math.Round(100.0 * r.BytesRead / r.BytesTotal.Value, 1) : null),
        new FeedRunOutcomeView(r.RowsValid, r.RowsMalformed, r.Added, r.Changed, r.Removed, r.Unchanged, r.RowCountBefore, r.RowCountAfter),
        r.MalformedLines, r.CreatedAt, r.StartedAt, r.FinishedAt);
}

internal sealed record FeedRunProgressView(long RowsRead, long? RowsExpected, long RowsChanged, long BytesRead, long? BytesTotal, double? PercentOfBytes);

internal sealed record FeedRunOutcomeView(
    long RowsValid, long RowsMalformed, long Added, long Changed, long Removed, long Unchanged, long RowCountBefore, long? RowCountAfter);

internal sealed record PriceViewModel(
    string FeedId, string Sku, bool Current, decimal? Price, string? Currency, decimal? RetailPrice, string? Description,
    DateTimeOffset? FirstSeenAt, DateTimeOffset UpdatedAt, IReadOnlyList<PriceHistoryEntry> History)
{
    public static PriceViewModel From(PriceView p) => new(
        p.FeedId, p.Sku, p.IsCurrent, p.Price, p.Currency, p.RetailPrice, p.Description, p.FirstSeenAt, p.UpdatedAt, p.History);
}
