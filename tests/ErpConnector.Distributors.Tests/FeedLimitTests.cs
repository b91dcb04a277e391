using ErpConnector.Contracts;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Runs;
using ErpConnector.Service.Distributors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErpConnector.Distributors.Tests;

/// <summary>Per-feed ceilings (Thresholds:MaxRows, Thresholds:MaxUncompressedBytes): past one the run is rejected
/// while the feed streams in, nothing is applied, and the reason names the limit and the key to raise it.
/// Limits are set small so the test data stays small.</summary>
public sealed class FeedLimitTests(FeedHarness harness) : IClassFixture<FeedHarness>
{
    private const long SmallCeiling = 64 * 1024;

    [Fact]
    public async Task A_feed_with_more_rows_than_MaxRows_is_rejected_after_reading_at_most_one_row_past_the_limit()
    {
        var feed = harness.AddFileFeed("prices.csv.zip");
        await harness.SetCatalogueAsync(feed.Id, rows: 500);
        var good = await harness.RunAsync(feed.Id);
        FeedAssert.Applied(good);
        var before = await SnapshotAsync(feed.Id);

        feed.Thresholds.MaxRows = 1000;
        await harness.SetCatalogueAsync(feed.Id, rows: 5000, changed: 20);
        var run = await harness.RunAsync(feed.Id);

        AssertRejected(run, FeedRunReasons.TooManyRows, feed, "MaxRows", "1,000");
        Assert.Contains("reading stopped at row 1,001", run.Message);
        Assert.InRange(run.RowsRead, 1, 1001);
        Assert.Equal(before, await SnapshotAsync(feed.Id)); // the changed prices among the first 1,000 rows were not applied
        Assert.Equal(good.RunId, (await harness.Runs.GetStateAsync(feed.Id, default))!.LastGoodRunId);
        var rejected = Assert.Single(harness.Events.Of<DistributorFeedRejected>(e => e.RunId == run.RunId));
        Assert.Equal(FeedRunReasons.TooManyRows, rejected.Reason);
        Assert.Equal(run.Message, rejected.Message);
    }

    [Fact]
    public async Task A_first_load_over_MaxRows_leaves_no_price_behind_and_cannot_be_forced()
    {
        // A first load of a local file is written while it is parsed (write-through): the limit must roll it back.
        var feed = harness.AddFileFeed("prices.csv", configure: f => f.Thresholds.MaxRows = 1000);
        await harness.SetCatalogueAsync(feed.Id, rows: 5000);

        var run = await harness.RunAsync(feed.Id, force: true);

        AssertRejected(run, FeedRunReasons.TooManyRows, feed, "MaxRows", "1,000");
        Assert.InRange(run.RowsRead, 1, 1001);
        Assert.Equal(0, await harness.CountPricesAsync(feed.Id));
        Assert.Null((await harness.Runs.GetStateAsync(feed.Id, default))?.LastGoodRunId);
    }

    [Fact]
    public async Task A_zip_whose_entry_declares_more_than_MaxUncompressedBytes_is_rejected_before_a_row_is_read()
    {
        var feed = harness.AddFileFeed("prices.csv.zip");
        await harness.SetCatalogueAsync(feed.Id, rows: 200);
        FeedAssert.Applied(await harness.RunAsync(feed.Id));
        var before = await SnapshotAsync(feed.Id);

        feed.Thresholds.MaxUncompressedBytes = SmallCeiling;
        await harness.SetCatalogueAsync(feed.Id, rows: 5000, changed: 20);
        var run = await harness.RunAsync(feed.Id);

        AssertRejected(run, FeedRunReasons.TooManyBytes, feed, "MaxUncompressedBytes", "65,536");
        Assert.Contains("Entry 'prices.csv' of the archive declares", run.Message);
        Assert.Equal(0, run.RowsRead);
        Assert.Equal(before, await SnapshotAsync(feed.Id));
        Assert.Equal(FeedRunReasons.TooManyBytes, Assert.Single(harness.Events.Of<DistributorFeedRejected>(e => e.RunId == run.RunId)).Reason);
    }

    [Fact]
    public async Task A_file_served_without_a_length_stops_downloading_past_MaxUncompressedBytes()
    {
        var feed = harness.AddFileFeed("prices.csv", "chunked=true", f => f.Thresholds.MaxUncompressedBytes = SmallCeiling);
        await harness.SetCatalogueAsync(feed.Id, rows: 20_000); // about 1 MB

        var run = await harness.RunAsync(feed.Id);

        AssertRejected(run, FeedRunReasons.TooManyBytes, feed, "MaxUncompressedBytes", "65,536");
        Assert.Contains("the download stopped at", run.Message);
        Assert.Null(run.BytesTotal); // nothing announced: the ceiling held while streaming
        Assert.InRange(run.BytesRead, SmallCeiling + 1, 4 * SmallCeiling);
        Assert.Equal(0, run.RowsRead);
        Assert.Equal(0, await harness.CountPricesAsync(feed.Id));
    }

    [Fact]
    public async Task A_local_file_larger_than_MaxUncompressedBytes_stops_parsing_at_the_limit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"erpconnector-limit-{Guid.NewGuid():N}.csv");
        // Above the parser's first buffers (64 KiB bytes, then chars), so some rows are parsed before the ceiling.
        const long ceiling = 4 * SmallCeiling;
        var feed = harness.AddFileFeed("prices.csv", configure: f => f.Thresholds.MaxUncompressedBytes = ceiling);
        await harness.SetCatalogueAsync(feed.Id, rows: 20_000); // about 1 MB
        await File.WriteAllBytesAsync(path, await harness.Sandbox.GetByteArrayAsync(new Uri(feed.File!.Url)));
        feed.File.Url = new Uri(path).AbsoluteUri;
        try
        {
            var run = await harness.RunAsync(feed.Id);

            AssertRejected(run, FeedRunReasons.TooManyBytes, feed, "MaxUncompressedBytes", "262,144");
            Assert.Contains("The file gave more than 262,144 bytes", run.Message);
            Assert.InRange(run.RowsRead, 1, 10_000); // parsed as it streamed, stopped well before the end
            Assert.InRange(run.BytesRead, 1, 2 * ceiling);
            Assert.Equal(0, await harness.CountPricesAsync(feed.Id));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task An_api_announcing_more_rows_than_MaxRows_is_rejected_before_paging_through_them()
    {
        var feed = harness.AddRestFeed(f => f.Thresholds.MaxRows = 100);
        await harness.SetCatalogueAsync(feed.Id, rows: 500);

        var run = await harness.RunAsync(feed.Id);

        AssertRejected(run, FeedRunReasons.TooManyRows, feed, "MaxRows", "100");
        Assert.Contains("The source announces 500 rows", run.Message);
        Assert.Equal(0, run.RowsRead);
        Assert.Equal(1, harness.SandboxState.Stats(feed.Id).CatalogRequests);
        Assert.Equal(0, await harness.CountPricesAsync(feed.Id));
    }

    [Fact]
    public void Limits_have_defaults_and_zero_or_negative_values_stop_start_up_naming_the_key()
    {
        var defaults = new FeedThresholds();
        Assert.Equal(2_000_000, defaults.MaxRows);
        Assert.Equal(1L << 30, defaults.MaxUncompressedBytes);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Distributors:Feeds:0:Id"] = "ingram-br",
            ["Distributors:Feeds:0:Adapter"] = "file",
            ["Distributors:Feeds:0:Schedule"] = "0 0 6 * * ?",
            ["Distributors:Feeds:0:File:Url"] = "https://files.example/price.zip",
            ["Distributors:Feeds:0:Thresholds:MaxRows"] = "0",
            ["Distributors:Feeds:0:Thresholds:MaxUncompressedBytes"] = "-1",
            ["Distributors:Feeds:1:Id"] = "td-synnex",
            ["Distributors:Feeds:1:Adapter"] = "file",
            ["Distributors:Feeds:1:Schedule"] = "0 0 6 * * ?",
            ["Distributors:Feeds:1:File:Url"] = "https://files.example/td.zip",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration)
            .AddDistributorFeeds(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DistributorsOptions>>().Value);

        Assert.Contains("Distributors:Feeds:0:Thresholds:MaxRows must be positive", error.Message);
        Assert.Contains("Distributors:Feeds:0:Thresholds:MaxUncompressedBytes must be positive", error.Message);
        Assert.DoesNotContain("Distributors:Feeds:1:", error.Message); // the defaults pass
    }

    private void AssertRejected(FeedRun run, string reason, PriceFeedOptions feed, string limit, string configured)
    {
        Assert.True(run.Status == FeedRunStatus.Rejected && run.Reason == reason, $"run is {run.Status} ({run.Reason}): {run.Message}");
        Assert.Contains($"the feed's limit {limit} is {configured}", run.Message);
        Assert.Contains($"raise Distributors:Feeds:{harness.Options.Feeds.IndexOf(feed)}:Thresholds:{limit}", run.Message);
        Assert.Contains("Nothing was applied; the last good snapshot stays.", run.Message);
    }

    private async Task<string> SnapshotAsync(string feedId)
    {
        await using var db = await harness.Connections.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*) || ':' || COALESCE(group_concat(sku || '=' || price || ' ' || currency, ';'), '') FROM (SELECT sku, price, currency FROM distributor_prices WHERE feed_id = $f ORDER BY sku)";
        command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$f", feedId));
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
