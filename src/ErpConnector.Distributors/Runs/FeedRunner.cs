using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Events;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Guards;
using ErpConnector.Distributors.Ingest;
using ErpConnector.Distributors.Snapshots;
using ErpConnector.Distributors.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErpConnector.Distributors.Runs;

/// <summary>Carries one run from queued to its outcome: fetch and diff into staging, judge with the guards,
/// then apply all-or-nothing or leave the last good snapshot as it is, and announce the result.</summary>
public sealed class FeedRunner(
    IOptionsMonitor<DistributorsOptions> options,
    IEnumerable<IPriceFeedAdapter> adapters,
    IFeedRunStore runs,
    IPriceSnapshotStore snapshots,
    FeedEventOutbox outbox,
    FeedMetrics metrics,
    TimeProvider time,
    ILogger<FeedRunner> logger)
{
    /// <summary>The scheduled path: start a run unless one is already going (then leave it be).</summary>
    public async Task<FeedRun?> RunScheduledAsync(string feedId, CancellationToken ct)
    {
        if (options.CurrentValue.Find(feedId) is not { Enabled: true })
        {
            // A trigger left in the persistent store by a feed since removed or disabled: not a failed run.
            logger.LogWarning("Feed {FeedId}: scheduled fire ignored, the feed is not configured or is disabled", feedId);
            return null;
        }
        var (run, joined) = await runs.StartOrJoinAsync(feedId, "schedule", false, time.GetUtcNow(), options.CurrentValue.AbandonRunAfter, ct);
        if (joined)
        {
            logger.LogInformation("Feed {FeedId}: scheduled run skipped, run {RunId} is already {Status}", feedId, run.RunId, run.Status);
            return run;
        }
        return await ExecuteAsync(run.RunId, ct);
    }

    public async Task<FeedRun?> ExecuteAsync(string runId, CancellationToken ct)
    {
        var run = await runs.GetAsync(runId, ct);
        if (run is null || run.Status != FeedRunStatus.Queued) return run;
        var settings = options.CurrentValue;
        var feed = settings.Find(run.FeedId);
        var adapter = feed is null ? null : adapters.FirstOrDefault(a => string.Equals(a.Kind, feed.Adapter, StringComparison.OrdinalIgnoreCase));
        if (!await runs.TryBeginAsync(runId, time.GetUtcNow(), ct)) return await runs.GetAsync(runId, ct);
        run.Status = FeedRunStatus.Running;
        run.StartedAt = time.GetUtcNow();

        using var _ = logger.BeginScope(new Dictionary<string, object> { ["FeedId"] = run.FeedId, ["RunId"] = runId });
        if (feed is null || adapter is null)
        {
            await FailAsync(run, feed is null ? $"Feed '{run.FeedId}' is no longer configured." : $"No adapter '{feed.Adapter}'.", ct);
            return run;
        }

        // Earlier runs' events go out before this run's, so consumers see runs in order.
        await outbox.PublishPendingAsync(feed.Id, ct);
        var state = await runs.GetStateAsync(feed.Id, ct);
        run.RowCountBefore = state?.RowCount ?? 0;
        logger.LogInformation("Feed {FeedId}: run {RunId} started ({Trigger}{Forced}), last good snapshot has {Rows} rows",
            feed.Id, runId, run.Trigger, run.Forced ? ", forced" : "", run.RowCountBefore);

        try
        {
            await IngestAsync(feed, adapter, run, settings, ct);
        }
        catch (FeedFetchException ex)
        {
            logger.LogWarning("Feed {FeedId}: run {RunId} could not fetch the feed at step {Step}{Rejected}: {Message}", feed.Id, runId, ex.Step,
                ex.CredentialsRejected ? " (credentials rejected)" : "", ex.Message);
            await FailAsync(run, ex.CredentialsRejected ? $"{ex.Message} {FeedFetchException.CredentialsAction}" : ex.Message, ct,
                ex.CredentialsRejected ? FeedRunReasons.CredentialsRejected : FeedRunReasons.FetchFailed);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            run.Status = FeedRunStatus.Interrupted;
            run.Message = "Stopped before applying (the service shut down); the last good snapshot stays.";
            run.FinishedAt = time.GetUtcNow();
            await runs.FinishAsync(run, CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Feed {FeedId}: run {RunId} failed unexpectedly", feed.Id, runId);
            await FailAsync(run, $"Unexpected error: {SafeUrl.ScrubPatterns(ex.Message)}", ct); // the run message travels in the event
        }

        metrics.Record(run);
        logger.LogInformation(
            "Feed {FeedId}: run {RunId} {Status}{Reason}: read {RowsRead}, malformed {Malformed}, added {Added}, changed {Changed}, removed {Removed}, unchanged {Unchanged}",
            feed.Id, runId, run.Status, run.Reason is null ? "" : $" ({run.Reason})", run.RowsRead, run.RowsMalformed, run.Added, run.Changed, run.Removed, run.Unchanged);
        try
        {
            await outbox.PublishAsync(run, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Feed {FeedId}: events of run {RunId} not published yet; they will be sent before the next run", feed.Id, runId);
        }
        return run;
    }

    private async Task IngestAsync(PriceFeedOptions feed, IPriceFeedAdapter adapter, FeedRun run, DistributorsOptions settings, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var options = new StagingOptions(
            AsOf: run.StartedAt ?? time.GetUtcNow(),
            RecordHistory: run.RowCountBefore > 0,
            WriteThrough: settings.WriteThroughFirstLoad && run.RowCountBefore == 0 && adapter.ParsesLocalCopy);
        var staging = await snapshots.BeginStagingAsync(feed.Id, run.RunId, options, ct);
        using var reporting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task? reporter = null;
        try
        {
            var index = await snapshots.LoadIndexAsync(feed.Id, ct);
            var ingestion = new FeedIngestion(index, staging, feed.Thresholds.MalformedSamples, feed.Thresholds.MaxRows, settings.ParsedMatchBy);
            reporter = ReportProgressAsync(run, ingestion, settings.ProgressInterval, reporting.Token);
            FeedLimitExceededException? overLimit = null;
            try { await adapter.ReadAsync(feed, ingestion, ct); }
            catch (FeedLimitExceededException ex) { overLimit = ex; }
            finally { await reporting.CancelAsync(); }
            var read = System.Diagnostics.Stopwatch.GetElapsedTime(started);

            CopyCounts(ingestion, run);
            if (overLimit is not null)
            {
                // Not forceable: reading stopped at the limit, so there is no whole feed to apply.
                run.MalformedLines = ingestion.Samples.ToList();
                await RejectAsync(run, staging,
                    overLimit.Limit == nameof(FeedThresholds.MaxRows) ? FeedRunReasons.TooManyRows : FeedRunReasons.TooManyBytes,
                    $"{overLimit.Message} If the feed really is this large, raise {settings.KeyOf(feed)}:Thresholds:{overLimit.Limit}.", ct);
                return;
            }
            var absent = feed.File?.IsDelta == true ? [] : index.Unseen();
            run.Removed = ingestion.Deleted + absent.Count;
            run.RowCountAfter = run.RowCountBefore + run.Added - run.Removed;
            run.MalformedLines = ingestion.Samples.ToList();

            var verdict = FeedGuard.Evaluate(feed.Thresholds,
                new FeedRunCounts(run.RowsRead, run.RowsValid, run.RowsMalformed, run.RowCountBefore, run.RowCountAfter.Value));
            if (!verdict.Accepted && !run.Forced)
            {
                await RejectAsync(run, staging, verdict.Reason!, verdict.Message!, ct);
                return;
            }

            if (!verdict.Accepted)
            {
                run.Reason = verdict.Reason;
                run.Message = $"Forced through by an operator despite: {verdict.Message}";
                logger.LogWarning("Feed {FeedId}: run {RunId} forced through guard {Reason}: {Message}", feed.Id, run.RunId, verdict.Reason, verdict.Message);
            }
            run.Status = FeedRunStatus.Applied;
            run.FinishedAt = time.GetUtcNow();
            await staging.ApplyAsync(run, absent, ct);
            logger.LogInformation("Feed {FeedId}: run {RunId} read and diffed in {ReadMs} ms, applied in {ApplyMs} ms ({Mode})",
                feed.Id, run.RunId, (long)read.TotalMilliseconds,
                (long)(System.Diagnostics.Stopwatch.GetElapsedTime(started) - read).TotalMilliseconds,
                options.WriteThrough ? "write-through" : "spill");
        }
        finally
        {
            await staging.DisposeAsync();
            // Awaited last: a progress write may be waiting for the write lock the staging just released.
            if (reporter is not null) await reporter;
        }
    }

    private async Task RejectAsync(FeedRun run, IPriceStaging staging, string reason, string message, CancellationToken ct)
    {
        await staging.DisposeAsync(); // discard first: a write-through run still holds the write lock
        run.Status = FeedRunStatus.Rejected;
        run.Reason = reason;
        run.Message = message + " Nothing was applied; the last good snapshot stays.";
        run.FinishedAt = time.GetUtcNow();
        await runs.FinishAsync(run, ct);
        logger.LogWarning("Feed {FeedId}: run {RunId} rejected ({Reason}): {Message}", run.FeedId, run.RunId, reason, message);
    }

    private async Task ReportProgressAsync(FeedRun run, FeedIngestion ingestion, TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                CopyCounts(ingestion, run);
                await runs.SaveProgressAsync(run, time.GetUtcNow(), ct);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception ex)
        {
            // Progress is informational; losing it must not fail the run (the heartbeat going quiet is what matters).
            logger.LogWarning(ex, "Feed {FeedId}: could not record progress of run {RunId}", run.FeedId, run.RunId);
        }
    }

    private static void CopyCounts(FeedIngestion i, FeedRun run)
    {
        run.RowsRead = i.RowsRead;
        run.RowsValid = i.RowsValid;
        run.RowsMalformed = i.RowsMalformed;
        run.RowsExpected = i.RowsExpected;
        run.Added = i.Added;
        run.Changed = i.Changed;
        run.Unchanged = i.Unchanged;
        run.Removed = i.Deleted;
        run.BytesRead = i.BytesRead;
        run.BytesTotal = i.BytesTotal;
    }

    private async Task FailAsync(FeedRun run, string message, CancellationToken ct, string reason = FeedRunReasons.FetchFailed)
    {
        run.Status = FeedRunStatus.Failed;
        run.Reason = reason;
        run.Message = message + " Nothing was applied; the last good snapshot stays.";
        run.FinishedAt = time.GetUtcNow();
        await runs.FinishAsync(run, ct);
    }
}
