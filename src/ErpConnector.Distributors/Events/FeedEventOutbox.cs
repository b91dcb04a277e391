using ErpConnector.Contracts;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Distributors.Events;

/// <summary>Publishes a finished run's events from what was committed (the run row and the price history),
/// then marks the run published. A crash in between leaves the run unpublished and it is sent again later:
/// at-least-once, never lost, never ahead of the data.</summary>
public sealed class FeedEventOutbox(
    IFeedRunStore runs, IPriceSnapshotStore snapshots, IFeedEventPublisher publisher, ILogger<FeedEventOutbox> logger,
    BestPrice.BestPriceRecompute bestPrices)
{
    public const int ChangesPerMessage = 100;

    public async Task PublishAsync(FeedRun run, CancellationToken ct)
    {
        switch (run.Status)
        {
            case FeedRunStatus.Applied:
                await PublishChangesAsync(run, ct);
                await publisher.PublishAsync(new DistributorPricesRefreshed
                {
                    FeedId = run.FeedId, RunId = run.RunId, Rows = run.RowCountAfter ?? 0, RowsRead = run.RowsRead,
                    Added = run.Added, Changed = run.Changed, Removed = run.Removed, Unchanged = run.Unchanged,
                    MalformedRows = run.RowsMalformed, Forced = run.Forced, InitialLoad = run.RowCountBefore == 0,
                    StartedAt = run.StartedAt ?? run.CreatedAt, FinishedAt = run.FinishedAt ?? run.HeartbeatAt,
                }, ct);
                // Before the run is marked published: a crash here recomputes (once) and re-sends, never loses.
                await bestPrices.RecomputeAndPublishAsync(run, ct);
                break;
            case FeedRunStatus.Rejected or FeedRunStatus.Failed:
                await publisher.PublishAsync(new DistributorFeedRejected
                {
                    FeedId = run.FeedId, RunId = run.RunId, Reason = run.Reason ?? FeedRunReasons.FetchFailed, Message = run.Message ?? "",
                    Action = FeedRunReasons.ActionFor(run.Reason),
                    RowsRead = run.RowsRead, ValidRows = run.RowsValid, MalformedRows = run.RowsMalformed,
                    LastGoodRows = run.RowCountBefore, RowsAfter = run.RowCountAfter,
                    FirstMalformedLines = run.MalformedLines.Select(m => new DistributorMalformedLine(m.Line, m.Reason, m.Raw)).ToList(),
                    StartedAt = run.StartedAt ?? run.CreatedAt, FinishedAt = run.FinishedAt ?? run.HeartbeatAt,
                }, ct);
                break;
            default:
                return; // interrupted runs changed nothing and announce nothing
        }
        await runs.MarkPublishedAsync(run.RunId, ct);
    }

    /// <summary>Sends what an earlier process committed but could not announce.</summary>
    public async Task PublishPendingAsync(string? feedId, CancellationToken ct)
    {
        foreach (var run in await runs.ListUnpublishedAsync(feedId, ct))
        {
            try
            {
                await PublishAsync(run, ct);
                logger.LogInformation("Published the pending events of run {RunId} of feed {FeedId}", run.RunId, run.FeedId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not publish the events of run {RunId} of feed {FeedId}; will retry", run.RunId, run.FeedId);
                return;
            }
        }
    }

    private async Task PublishChangesAsync(FeedRun run, CancellationToken ct)
    {
        var total = await snapshots.CountChangesAsync(run.FeedId, run.RunId, ct);
        if (total == 0) return;
        var batches = (int)((total + ChangesPerMessage - 1) / ChangesPerMessage);
        long after = 0;
        for (var batch = 1; batch <= batches; batch++)
        {
            var changes = await snapshots.ReadChangesAsync(run.FeedId, run.RunId, after, ChangesPerMessage, ct);
            if (changes.Count == 0) break;
            after = changes[^1].Id;
            await publisher.PublishAsync(new DistributorPricesChanged
            {
                FeedId = run.FeedId, RunId = run.RunId, Batch = batch, BatchCount = batches,
                Changes = changes.Select(c => new DistributorPriceChange(c.Sku, c.Kind, c.OldPrice, c.NewPrice, c.OldCurrency, c.NewCurrency)).ToList(),
            }, ct);
        }
    }
}
