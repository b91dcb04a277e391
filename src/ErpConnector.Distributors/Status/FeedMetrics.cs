using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Runs;
using Microsoft.Extensions.Options;

namespace ErpConnector.Distributors.Status;

/// <summary>Meter <c>ErpConnector.Distributors</c>: per-feed staleness, age and size (observed live from the last
/// known good run), run outcomes and row counts.</summary>
public sealed class FeedMetrics : IDisposable
{
    public const string MeterName = "ErpConnector.Distributors";
    private readonly Meter _meter = new(MeterName);
    private readonly ConcurrentDictionary<string, (DateTimeOffset? LastGoodAt, long Rows)> _feeds = new(StringComparer.OrdinalIgnoreCase);
    private readonly Counter<long> _runs;
    private readonly Counter<long> _rowsRead;
    private readonly Counter<long> _rowsChanged;
    private readonly IOptionsMonitor<DistributorsOptions> _options;
    private readonly TimeProvider _time;

    public FeedMetrics(IOptionsMonitor<DistributorsOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _runs = _meter.CreateCounter<long>("erpconnector.distributor.runs", "{run}", "Feed runs by outcome (status, reason).");
        _rowsRead = _meter.CreateCounter<long>("erpconnector.distributor.rows.read", "{row}", "Rows read from feeds.");
        _rowsChanged = _meter.CreateCounter<long>("erpconnector.distributor.rows.changed", "{row}", "Rows added, changed or removed by applied runs.");
        _meter.CreateObservableGauge("erpconnector.distributor.feed.stale", ObserveStale, "{feed}", "1 when the feed's last good run is older than its StaleAfter (or it never had one).");
        _meter.CreateObservableGauge("erpconnector.distributor.feed.age", ObserveAge, "s", "Seconds since the feed's last good run.");
        _meter.CreateObservableGauge("erpconnector.distributor.feed.rows", ObserveRows, "{row}", "Rows in the feed's current snapshot.");
    }

    public void Observe(FeedState state) => _feeds[state.FeedId] = (state.LastGoodAt, state.RowCount);

    public void Record(FeedRun run)
    {
        var feed = new KeyValuePair<string, object?>("feed", run.FeedId);
        _runs.Add(1, feed, new("status", run.Status), new("reason", run.Reason ?? "none"));
        _rowsRead.Add(run.RowsRead, feed);
        if (run.Status != FeedRunStatus.Applied) return;
        _rowsChanged.Add(run.Added + run.Changed + run.Removed, feed);
        _feeds[run.FeedId] = (run.FinishedAt, run.RowCountAfter ?? 0);
    }

    private IEnumerable<Measurement<int>> ObserveStale()
    {
        var now = _time.GetUtcNow();
        foreach (var feed in _options.CurrentValue.Feeds)
        {
            var lastGood = _feeds.TryGetValue(feed.Id, out var known) ? known.LastGoodAt : null;
            yield return new Measurement<int>(FeedStaleness.IsStale(lastGood, feed.StaleAfter, now) ? 1 : 0, new KeyValuePair<string, object?>("feed", feed.Id));
        }
    }

    private IEnumerable<Measurement<double>> ObserveAge()
    {
        var now = _time.GetUtcNow();
        foreach (var (feed, known) in _feeds)
            if (known.LastGoodAt is { } at)
                yield return new Measurement<double>((now - at).TotalSeconds, new KeyValuePair<string, object?>("feed", feed));
    }

    private IEnumerable<Measurement<long>> ObserveRows()
    {
        foreach (var (feed, known) in _feeds)
            yield return new Measurement<long>(known.Rows, new KeyValuePair<string, object?>("feed", feed));
    }

    public void Dispose() => _meter.Dispose();
}
