using ErpConnector.Contracts;
using ErpConnector.Distributors.Runs;

namespace ErpConnector.Distributors.Tests;

public sealed class FileFeedTests(FeedHarness harness) : IClassFixture<FeedHarness>
{
    [Fact]
    public async Task A_file_server_failing_once_is_fetched_whole_again_and_one_refusing_the_credentials_is_not()
    {
        var feed = harness.AddFileFeed("prices.csv.zip", configure: f => { f.File!.DownloadAttempts = 2; f.File.RetryDelay = TimeSpan.Zero; });
        await harness.SetCatalogueAsync(feed.Id, rows: 300);
        await harness.ArmAsync(feed.Id, "server-error", times: 1);

        var run = await harness.RunAsync(feed.Id);

        FeedAssert.Applied(run);
        Assert.Equal(300, run.Added);

        await harness.ArmAsync(feed.Id, "unauthorized", times: 1); // a second try would succeed: it must not be made
        var refused = await harness.RunAsync(feed.Id);
        Assert.Equal(FeedRunReasons.CredentialsRejected, refused.Reason);
        await harness.ClearFaultsAsync(feed.Id);
    }

    [Fact]
    public async Task Zipped_csv_is_applied_and_an_unchanged_refetch_writes_nothing()
    {
        var feed = harness.AddFileFeed("prices.csv.zip");
        await harness.SetCatalogueAsync(feed.Id, rows: 2000);

        var first = await harness.RunAsync(feed.Id);

        FeedAssert.Applied(first);
        Assert.Equal(2000, first.RowsRead);
        Assert.Equal(2000, first.Added);
        Assert.Equal(0, first.RowsMalformed);
        Assert.Equal(2000, await harness.CountPricesAsync(feed.Id));
        Assert.True(first.BytesTotal > 0);
        var refreshed = Assert.Single(harness.Events.Of<DistributorPricesRefreshed>(e => e.RunId == first.RunId));
        Assert.True(refreshed.InitialLoad);
        Assert.Empty(harness.Events.Of<DistributorPricesChanged>(e => e.FeedId == feed.Id)); // first load: read the API, not 2000 events

        var before = await harness.Prices.GetPriceAsync(feed.Id, "IM0000007", 10, default);
        var second = await harness.RunAsync(feed.Id);

        FeedAssert.Applied(second);
        Assert.Equal(2000, second.Unchanged);
        Assert.Equal(0, second.Added + second.Changed + second.Removed);
        var after = await harness.Prices.GetPriceAsync(feed.Id, "IM0000007", 10, default);
        Assert.Equal(before!.UpdatedAt, after!.UpdatedAt); // the row was not rewritten
        Assert.Empty(harness.Events.Of<DistributorPricesChanged>(e => e.FeedId == feed.Id));
        var state = await harness.Runs.GetStateAsync(feed.Id, default);
        Assert.Equal(second.RunId, state!.LastGoodRunId); // an unchanged run still counts as a successful sync
    }

    [Fact]
    public async Task Changed_and_removed_prices_are_applied_recorded_and_announced_in_batches_of_at_most_100()
    {
        var feed = harness.AddFileFeed("prices.csv");
        await harness.SetCatalogueAsync(feed.Id, rows: 3000);
        await harness.RunAsync(feed.Id);

        await harness.SetCatalogueAsync(feed.Id, rows: 3000, changed: 10, removed: 1);
        var run = await harness.RunAsync(feed.Id);

        FeedAssert.Applied(run);
        Assert.InRange(run.Changed, 200, 400);
        Assert.InRange(run.Removed, 10, 60);
        Assert.Equal(3000 - run.Removed, await harness.CountPricesAsync(feed.Id));
        var batches = harness.Events.Of<DistributorPricesChanged>(e => e.RunId == run.RunId);
        Assert.All(batches, b => Assert.InRange(b.Changes.Count, 1, 100));
        Assert.Equal(run.Changed + run.Removed, batches.Sum(b => b.Changes.Count));
        Assert.Equal(Enumerable.Range(1, batches.Count), batches.Select(b => b.Batch));
        var change = batches.SelectMany(b => b.Changes).First(c => c.Kind == "changed");
        Assert.True(change.NewPrice > change.OldPrice); // the simulator moves prices up 7%

        var price = await harness.Prices.GetPriceAsync(feed.Id, change.Sku, 10, default);
        Assert.Equal(change.NewPrice, price!.Price);
        var entry = Assert.Single(price.History);
        Assert.Equal(change.OldPrice, entry.OldPrice);
        Assert.Equal(run.RunId, entry.RunId);
        var removed = batches.SelectMany(b => b.Changes).First(c => c.Kind == "removed");
        var gone = await harness.Prices.GetPriceAsync(feed.Id, removed.Sku, 10, default);
        Assert.Equal("removed", gone!.History[0].Kind); // no current price, history still answers
    }

    [Fact]
    public async Task Latin1_tilde_file_with_an_action_column_applies_deletes_and_keeps_accents()
    {
        var feed = harness.AddFileFeed("PRICE.ZIP", "layout=ingram&delimiter=tilde&encoding=latin1", f =>
        {
            f.File!.Delimiter = "tilde";
            f.File.Encoding = "latin1";
            f.File.Mode = "delta";
            f.File.Columns = new() { Sku = "INGRAM_PART_NUMBER", Price = "CUSTOMER_PRICE", Currency = "CURRENCY_CODE", RetailPrice = "RETAIL_PRICE", Description = "DESCRIPTION", Action = "ACTION_INDICATOR" };
        });
        await harness.SetCatalogueAsync(feed.Id, rows: 1000);
        var first = await harness.RunAsync(feed.Id);
        FeedAssert.Applied(first);
        Assert.Equal(1000, first.Added);

        await harness.SetCatalogueAsync(feed.Id, rows: 1000, removed: 2);
        var second = await harness.RunAsync(feed.Id);

        FeedAssert.Applied(second);
        Assert.InRange(second.Removed, 5, 40);
        Assert.Equal(1000 - second.Removed, await harness.CountPricesAsync(feed.Id));
        var accented = await FindDescriptionAsync(feed.Id, "ó");
        Assert.Contains("Mouse óptico sem fio", accented);
    }

    [Fact]
    public async Task Semicolon_file_with_decimal_commas_is_read_as_brazilian_numbers()
    {
        var feed = harness.AddFileFeed("precos.csv", "delimiter=semicolon&decimal=comma", f =>
        {
            f.File!.Delimiter = "semicolon";
            f.File.DecimalSeparator = ",";
        });
        await harness.SetCatalogueAsync(feed.Id, rows: 300);

        var run = await harness.RunAsync(feed.Id);

        FeedAssert.Applied(run);
        Assert.Equal(300, run.Added);
        var price = await harness.Prices.GetPriceAsync(feed.Id, "IM0000001", 1, default);
        Assert.NotNull(price);
        var value = price.Price!.Value;
        Assert.True(value >= 10m && decimal.Round(value, 2) == value);
        Assert.Equal(decimal.Round(value * 1.3m, 2), price.RetailPrice);
    }

    [Fact]
    public async Task Tab_delimited_file_without_zip_is_read()
    {
        var feed = harness.AddFileFeed("prices.txt", "delimiter=tab", f => f.File!.Delimiter = "tab");
        await harness.SetCatalogueAsync(feed.Id, rows: 250);

        var run = await harness.RunAsync(feed.Id);

        FeedAssert.Applied(run);
        Assert.Equal(250, run.Added);
        Assert.Equal(0, run.RowsMalformed);
    }

    private async Task<string> FindDescriptionAsync(string feedId, string fragment)
    {
        await using var db = await harness.Connections.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT description FROM distributor_prices WHERE feed_id = $f AND description LIKE $d LIMIT 1";
        command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$f", feedId));
        command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$d", $"%{fragment}%"));
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
