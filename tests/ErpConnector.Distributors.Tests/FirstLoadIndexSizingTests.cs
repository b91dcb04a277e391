using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Ingest;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;

namespace ErpConnector.Distributors.Tests;

/// <summary>A first load sizes its (empty) snapshot index once, from what the feed tells about its size, instead of
/// doubling it all the way to a million entries.</summary>
public sealed class FirstLoadIndexSizingTests
{
    private const int BytesPerRow = 23;

    [Fact]
    public void A_first_load_of_a_local_file_sizes_its_index_from_the_share_of_the_file_its_first_rows_took()
    {
        var index = new SnapshotIndex(0);
        var ingestion = new FeedIngestion(index, new DiscardingStaging(), sampleLimit: 10);
        Read(ingestion, rows: 70_000, fileRows: 300_000);

        Assert.InRange(index.Capacity, 300_000, 330_000);
    }

    [Fact]
    public void The_estimate_never_goes_past_MaxRows()
    {
        var index = new SnapshotIndex(0);
        var ingestion = new FeedIngestion(index, new DiscardingStaging(), sampleLimit: 10, maxRows: 100_000);
        Read(ingestion, rows: 70_000, fileRows: 5_000_000);

        Assert.InRange(index.Capacity, 100_000, 110_000);
    }

    [Fact]
    public void A_file_whose_first_rows_compress_far_better_than_the_rest_is_not_sized_past_two_million_rows()
    {
        var index = new SnapshotIndex(0);
        var ingestion = new FeedIngestion(index, new DiscardingStaging(), sampleLimit: 10, maxRows: 100_000_000);
        Read(ingestion, rows: 70_000, fileRows: 50_000_000);

        Assert.InRange(index.Capacity, 2_000_000, 2_500_000); // the dictionary rounds up to one of its primes
    }

    [Fact]
    public void A_feed_that_announces_its_row_count_is_sized_to_it()
    {
        var index = new SnapshotIndex(0);
        var ingestion = new FeedIngestion(index, new DiscardingStaging(), sampleLimit: 10);
        ingestion.ExpectRows(250_000);

        Assert.InRange(index.Capacity, 250_000, 275_000);
    }

    [Fact]
    public void A_count_announced_by_a_feed_is_not_reserved_past_two_million_rows()
    {
        var index = new SnapshotIndex(0);
        var ingestion = new FeedIngestion(index, new DiscardingStaging(), sampleLimit: 10, maxRows: 100_000_000);
        ingestion.ExpectRows(90_000_000);

        Assert.InRange(index.Capacity, 2_000_000, 2_500_000); // the dictionary rounds up to one of its primes
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_count_of_nothing_or_less_reserves_nothing(long announced)
    {
        var index = new SnapshotIndex(0);
        var ingestion = new FeedIngestion(index, new DiscardingStaging(), sampleLimit: 10);
        ingestion.ExpectRows(announced);

        Assert.InRange(index.Capacity, 0, 3);
    }

    [Fact]
    public void A_later_run_keeps_the_index_the_snapshot_sized()
    {
        var index = new SnapshotIndex(16);
        index.AddStored(RowFingerprint.SkuKey("STORED"), 1);
        var ingestion = new FeedIngestion(index, new DiscardingStaging(), sampleLimit: 10);
        Read(ingestion, rows: 70_000, fileRows: 5_000_000);

        Assert.InRange(index.Capacity, 70_000, 5_000_000 / 10); // grown by the rows read, not by the estimate
    }

    /// <summary>Feeds <paramref name="rows"/> valid rows, reporting the bytes read as a file of
    /// <paramref name="fileRows"/> same-sized rows would.</summary>
    private static void Read(FeedIngestion ingestion, int rows, long fileRows)
    {
        ingestion.Progress(0, fileRows * BytesPerRow);
        for (var i = 1; i <= rows; i++)
        {
            ingestion.Progress((long)i * BytesPerRow, fileRows * BytesPerRow);
            ingestion.Accept(new FeedRecord { Sku = $"SKU{i}", Price = 10m, Currency = "BRL", Line = i });
        }
    }

    private sealed class DiscardingStaging : IPriceStaging
    {
        public void Upsert(in StagedPrice price) { }
        public void Remove(ReadOnlySpan<char> sku) { }
        public Task ApplyAsync(FeedRun run, IReadOnlySet<ulong> absentSkuKeys, CancellationToken ct) => Task.CompletedTask;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
