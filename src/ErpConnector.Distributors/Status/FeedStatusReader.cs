using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Runs;
using Microsoft.Extensions.Options;

namespace ErpConnector.Distributors.Status;

public sealed class FeedStatusReader(
    IOptionsMonitor<DistributorsOptions> options, IFeedRunStore runs, IFeedScheduleClock schedule, FeedMetrics metrics, TimeProvider time)
{
    public async Task<IReadOnlyList<FeedStatus>> ListAsync(CancellationToken ct)
    {
        var states = (await runs.ListStatesAsync(ct)).ToDictionary(s => s.FeedId, StringComparer.OrdinalIgnoreCase);
        var result = new List<FeedStatus>();
        foreach (var feed in options.CurrentValue.Feeds)
            result.Add(await DescribeAsync(feed, states.GetValueOrDefault(feed.Id), ct));
        return result;
    }

    public async Task<FeedStatus?> GetAsync(string feedId, CancellationToken ct)
    {
        var feed = options.CurrentValue.Find(feedId);
        return feed is null ? null : await DescribeAsync(feed, await runs.GetStateAsync(feed.Id, ct), ct);
    }

    private async Task<FeedStatus> DescribeAsync(PriceFeedOptions feed, FeedState? state, CancellationToken ct)
    {
        if (state is not null) metrics.Observe(state);
        var active = await runs.GetActiveAsync(feed.Id, ct);
        var last = state?.LastRunId is { } lastRunId && state.LastRunStatus is FeedRunStatus.Failed or FeedRunStatus.Rejected
            ? await runs.GetAsync(lastRunId, ct)
            : null;
        return new FeedStatus(
            feed.Id, feed.DisplayName, feed.Adapter, feed.Enabled,
            state?.LastRunId, state?.LastRunStatus, state?.LastRunAt,
            state?.LastGoodRunId, state?.LastGoodAt, state?.RowCount ?? 0,
            FeedStaleness.IsStale(state?.LastGoodAt, feed.StaleAfter, time.GetUtcNow()), feed.StaleAfter,
            feed.Enabled ? await schedule.NextRunAsync(feed.Id, ct) : null,
            active?.RunId)
        {
            Problem = FeedProblem.Of(last),
            LastRunReason = last?.Reason,
        };
    }
}
