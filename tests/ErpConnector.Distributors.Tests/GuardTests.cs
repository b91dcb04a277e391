using ErpConnector.Contracts;
using ErpConnector.Distributors.Runs;

namespace ErpConnector.Distributors.Tests;

/// <summary>Nothing is ever wiped by a bad feed: each guard rejects, the last good snapshot stays, and the
/// rejection is announced with its reason and counts.</summary>
public sealed class GuardTests(FeedHarness harness) : IClassFixture<FeedHarness>
{
    private async Task<(string FeedId, FeedRun Good)> FeedWithGoodSnapshotAsync(int rows = 1000)
    {
        var feed = harness.AddFileFeed("prices.csv.zip");
        await harness.SetCatalogueAsync(feed.Id, rows);
        var good = await harness.RunAsync(feed.Id);
        FeedAssert.Applied(good);
        return (feed.Id, good);
    }

    private async Task AssertSnapshotIntactAsync(string feedId, FeedRun good, int rows)
    {
        Assert.Equal(rows, await harness.CountPricesAsync(feedId));
        var state = await harness.Runs.GetStateAsync(feedId, default);
        Assert.Equal(good.RunId, state!.LastGoodRunId);
        Assert.Equal(rows, state.RowCount);
        var price = await harness.Prices.GetPriceAsync(feedId, "IM0000001", 5, default);
        Assert.Equal(good.StartedAt!.Value.ToUnixTimeMilliseconds(), price!.UpdatedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task An_empty_feed_is_rejected_and_the_snapshot_stays()
    {
        var (feedId, good) = await FeedWithGoodSnapshotAsync();
        await harness.ArmAsync(feedId, "empty");

        var run = await harness.RunAsync(feedId);

        Assert.Equal(FeedRunStatus.Rejected, run.Status);
        Assert.Equal(FeedRunReasons.Empty, run.Reason);
        await AssertSnapshotIntactAsync(feedId, good, 1000);
        var rejected = Assert.Single(harness.Events.Of<DistributorFeedRejected>(e => e.RunId == run.RunId));
        Assert.Equal("empty", rejected.Reason);
        Assert.Equal(1000, rejected.LastGoodRows);
    }

    [Fact]
    public async Task A_file_truncated_mid_way_is_rejected_for_the_row_count_drop_and_shows_the_cut_line()
    {
        var (feedId, good) = await FeedWithGoodSnapshotAsync();
        await harness.ArmAsync(feedId, "truncated", truncateAtPercent: 60);

        var run = await harness.RunAsync(feedId);

        Assert.Equal(FeedRunStatus.Rejected, run.Status);
        Assert.Equal(FeedRunReasons.RowCountDrop, run.Reason);
        Assert.Equal(600, run.RowsValid);
        Assert.Equal(1000, run.RowCountBefore);
        Assert.Equal(600, run.RowCountAfter);
        var cut = Assert.Single(run.MalformedLines);
        Assert.Equal(602, cut.Line); // header + 600 rows, then the half line
        Assert.StartsWith("IM0000601", cut.Raw);
        await AssertSnapshotIntactAsync(feedId, good, 1000);
        var rejected = Assert.Single(harness.Events.Of<DistributorFeedRejected>(e => e.RunId == run.RunId));
        Assert.Equal(FeedRunReasons.RowCountDrop, rejected.Reason);
        Assert.Equal(602, Assert.Single(rejected.FirstMalformedLines).Line);
    }

    [Fact]
    public async Task More_malformed_rows_than_the_threshold_are_rejected_with_their_line_numbers()
    {
        var (feedId, good) = await FeedWithGoodSnapshotAsync();
        await harness.ArmAsync(feedId, "malformed", malformedRows: 40);

        var run = await harness.RunAsync(feedId);

        Assert.Equal(FeedRunStatus.Rejected, run.Status);
        Assert.Equal(FeedRunReasons.TooManyMalformed, run.Reason);
        Assert.Equal(40, run.RowsMalformed);
        Assert.Equal(10, run.MalformedLines.Count); // the first ten, for the operator
        var first = run.MalformedLines[0];
        Assert.Equal(26, first.Line); // row 25 (every 1000/40th) sits on line 26, after the header
        Assert.Contains("IM0000025", first.Raw);
        Assert.Contains(run.MalformedLines, m => m.Reason.Contains("not a number"));
        Assert.Contains(run.MalformedLines, m => m.Reason.Contains("fields"));
        await AssertSnapshotIntactAsync(feedId, good, 1000);
    }

    [Fact]
    public async Task A_first_load_rejected_by_a_guard_leaves_nothing_behind()
    {
        // A first load of a file is written while it is parsed (write-through); the guard must roll it all back.
        var feed = harness.AddFileFeed("prices.csv.zip");
        await harness.SetCatalogueAsync(feed.Id, rows: 30_000);
        await harness.ArmAsync(feed.Id, "malformed", malformedRows: 500);

        var run = await harness.RunAsync(feed.Id);

        Assert.Equal(FeedRunStatus.Rejected, run.Status);
        Assert.Equal(FeedRunReasons.TooManyMalformed, run.Reason);
        Assert.Equal(0, await harness.CountPricesAsync(feed.Id));
        var state = await harness.Runs.GetStateAsync(feed.Id, default);
        Assert.Null(state!.LastGoodRunId);

        await harness.ClearFaultsAsync(feed.Id);
        FeedAssert.Applied(await harness.RunAsync(feed.Id));
        Assert.Equal(30_000, await harness.CountPricesAsync(feed.Id));
    }

    [Fact]
    public async Task A_few_malformed_rows_under_the_threshold_are_skipped_and_the_rest_applied()
    {
        var (feedId, _) = await FeedWithGoodSnapshotAsync();
        await harness.ArmAsync(feedId, "malformed", malformedRows: 4);

        var run = await harness.RunAsync(feedId);

        FeedAssert.Applied(run);
        Assert.Equal(4, run.RowsMalformed);
        // Full feed: the four unreadable SKUs are absent from it, so they are removed (4 < 20%).
        Assert.Equal(4, run.Removed);
    }

    [Fact]
    public async Task An_operator_can_force_a_rejected_feed_through()
    {
        var (feedId, _) = await FeedWithGoodSnapshotAsync();
        await harness.ArmAsync(feedId, "truncated", truncateAtPercent: 50);
        var rejected = await harness.RunAsync(feedId);
        Assert.Equal(FeedRunStatus.Rejected, rejected.Status);

        var forced = await harness.RunAsync(feedId, force: true);

        FeedAssert.Applied(forced);
        Assert.True(forced.Forced);
        Assert.Equal(FeedRunReasons.RowCountDrop, forced.Reason);
        Assert.Contains("Forced through", forced.Message);
        Assert.Equal(500, await harness.CountPricesAsync(feedId));
        Assert.True(Assert.Single(harness.Events.Of<DistributorPricesRefreshed>(e => e.RunId == forced.RunId)).Forced);
    }

    [Fact]
    public async Task A_feed_that_cannot_be_fetched_fails_in_plain_words_and_the_snapshot_stays()
    {
        var (feedId, good) = await FeedWithGoodSnapshotAsync();
        await harness.ArmAsync(feedId, "unauthorized");

        var run = await harness.RunAsync(feedId);

        Assert.Equal(FeedRunStatus.Failed, run.Status);
        // Told apart from a distributor that is down: someone has to re-enter the credentials.
        Assert.Equal(FeedRunReasons.CredentialsRejected, run.Reason);
        Assert.Contains("rejected the credentials (HTTP 401)", run.Message);
        Assert.Contains("Re-enter the credentials, then test the connection.", run.Message);
        Assert.DoesNotContain("sandbox-secret", run.Message);
        await AssertSnapshotIntactAsync(feedId, good, 1000);
        var rejected = Assert.Single(harness.Events.Of<DistributorFeedRejected>(e => e.RunId == run.RunId && e.Reason == "credentials-rejected"));
        Assert.Equal("Re-enter the credentials, then test the connection.", rejected.Action);
    }
}
