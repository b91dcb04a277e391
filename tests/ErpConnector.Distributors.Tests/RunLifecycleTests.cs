using ErpConnector.Distributors.Runs;

namespace ErpConnector.Distributors.Tests;

public sealed class RunLifecycleTests(FeedHarness harness) : IClassFixture<FeedHarness>
{
    [Fact]
    public async Task A_refetch_while_a_run_is_going_answers_with_that_run()
    {
        var feed = harness.AddFileFeed("prices.csv");
        await harness.SetCatalogueAsync(feed.Id, rows: 20_000);
        await harness.ArmAsync(feed.Id, "slow", delayMs: 100);

        var first = await harness.Coordinator.RequestAsync(feed.Id, false, "api", default);
        var second = await harness.Coordinator.RequestAsync(feed.Id, true, "api", default);

        Assert.False(first!.Joined);
        Assert.True(second!.Joined);
        Assert.Equal(first.Run.RunId, second.Run.RunId);
        await harness.ClearFaultsAsync(feed.Id);
        var done = await WaitForOutcomeAsync(first.Run.RunId);
        FeedAssert.Applied(done);
        Assert.Null(await harness.Coordinator.RequestAsync("no-such-feed", false, "api", default));
    }

    [Fact]
    public async Task A_restart_mid_run_leaves_the_last_good_snapshot_intact()
    {
        var feed = harness.AddFileFeed("prices.csv.zip");
        await harness.SetCatalogueAsync(feed.Id, rows: 20_000);
        var good = await harness.RunAsync(feed.Id);
        await harness.SetCatalogueAsync(feed.Id, rows: 20_000, changed: 50);
        await harness.ArmAsync(feed.Id, "slow", delayMs: 200);

        using var shutdown = new CancellationTokenSource();
        var (run, _) = await harness.Runs.StartOrJoinAsync(feed.Id, "test", false, DateTimeOffset.UtcNow, harness.Options.AbandonRunAfter, default);
        var executing = harness.Runner.ExecuteAsync(run.RunId, shutdown.Token);
        // Wait until the run is visibly under way (bytes arriving), then stop the "process".
        await WaitUntilAsync(async () => (await harness.Runs.GetAsync(run.RunId, default))!.BytesRead > 0);
        await shutdown.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => executing);

        var stopped = await harness.Runs.GetAsync(run.RunId, default);
        Assert.Equal(FeedRunStatus.Interrupted, stopped!.Status);
        Assert.Equal(20_000, await harness.CountPricesAsync(feed.Id));
        var price = await harness.Prices.GetPriceAsync(feed.Id, "IM0000002", 5, default);
        Assert.Equal(good.StartedAt!.Value.ToUnixTimeMilliseconds(), price!.UpdatedAt.ToUnixTimeMilliseconds());
        Assert.Equal(good.RunId, (await harness.Runs.GetStateAsync(feed.Id, default))!.LastGoodRunId);

        await harness.ClearFaultsAsync(feed.Id);
        var next = await harness.RunAsync(feed.Id);
        FeedAssert.Applied(next);
        Assert.InRange(next.Changed, 9_000, 11_000);
    }

    [Fact]
    public async Task A_run_whose_process_died_is_marked_interrupted_once_its_heartbeat_is_stale()
    {
        var feed = harness.AddFileFeed("prices.csv");
        await harness.SetCatalogueAsync(feed.Id, rows: 100);
        var good = await harness.RunAsync(feed.Id);
        var longAgo = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10);
        // A crashed process left this run "running" with a heartbeat that stopped ten minutes ago.
        var (dead, _) = await harness.Runs.StartOrJoinAsync(feed.Id, "schedule", false, longAgo, harness.Options.AbandonRunAfter, default);
        await harness.Runs.TryBeginAsync(dead.RunId, longAgo, default);

        var (fresh, joined) = await harness.Runs.StartOrJoinAsync(feed.Id, "api", false, DateTimeOffset.UtcNow, harness.Options.AbandonRunAfter, default);

        Assert.False(joined);
        Assert.NotEqual(dead.RunId, fresh.RunId);
        Assert.Equal(FeedRunStatus.Interrupted, (await harness.Runs.GetAsync(dead.RunId, default))!.Status);
        Assert.Equal(good.RunId, (await harness.Runs.GetStateAsync(feed.Id, default))!.LastGoodRunId);
        FeedAssert.Applied((await harness.Runner.ExecuteAsync(fresh.RunId, default))!);
    }

    private async Task<FeedRun> WaitForOutcomeAsync(string runId)
    {
        FeedRun? run = null;
        await WaitUntilAsync(async () => (run = await harness.Runs.GetAsync(runId, default))!.IsActive == false);
        return run!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in 30 s");
            await Task.Delay(50);
        }
    }
}
