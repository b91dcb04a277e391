using ErpConnector.Persistence.Postgres.Prices;
using ErpConnector.Persistence.Prices;
using ErpConnector.Persistence.Tests.Fixtures;

namespace ErpConnector.Persistence.Tests.Prices;

public sealed class Sqlite_price_store : PriceStoreContract
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"erp-prices-{Guid.NewGuid():N}.db");

    protected override Task<PersistenceOptions> CreateOptionsAsync() =>
        Task.FromResult(new PersistenceOptions { Provider = PersistenceOptions.Sqlite, ConnectionString = $"Data Source={_path}" });

    [Fact]
    public void The_sqlite_provider_resolves_the_sqlite_stores()
    {
        Assert.IsType<SqliteFeedRunStore>(Runs);
        Assert.IsType<SqlitePriceSnapshotStore>(Prices);
        Assert.IsType<SqliteBestPriceStore>(Best);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_path + suffix);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class Postgres_price_store(PostgresServer server) : PriceStoreContract
{
    protected override async Task<PersistenceOptions> CreateOptionsAsync() =>
        new() { Provider = PersistenceOptions.Postgres, ConnectionString = await server.CreateDatabaseAsync() };

    [Fact]
    public void The_postgres_provider_resolves_the_postgres_stores()
    {
        Assert.IsType<PostgresFeedRunStore>(Runs);
        Assert.IsType<PostgresPriceSnapshotStore>(Prices);
        Assert.IsType<PostgresBestPriceStore>(Best);
    }

    [Fact]
    public async Task A_large_feed_is_staged_in_several_copies_and_applied_once()
    {
        // ~60 bytes a row: 20k rows span several 256 KB chunks, i.e. several COPY batches into the staging table.
        var feed = NewFeed();
        await RunAsync(feed, Catalogue(20_000), T0);
        var run = await RunAsync(feed, Catalogue(20_000, bump: 0.5m).Take(19_000), T0.AddHours(1));
        Assert.Equal((19_000L, 1_000L), (run.Changed, run.Removed));
        Assert.Equal(19_000, await SnapshotRowsAsync(feed));
        Assert.Equal(20_000, await Prices.CountChangesAsync(feed, run.RunId, default));
        var changes = await Prices.ReadChangesAsync(feed, run.RunId, 0, 3, default);
        Assert.Equal(new[] { "SKU-00001", "SKU-00002", "SKU-00003" }, changes.Select(c => c.Sku));
    }

    [Fact]
    public async Task A_pooled_connection_reused_after_a_discarded_run_starts_with_empty_staging()
    {
        var feed = NewFeed();
        await RunAsync(feed, Catalogue(500), T0);
        await RunAsync(feed, Catalogue(500, bump: 2m), T0.AddHours(1), Outcome.Fail);
        var run = await RunAsync(feed, Catalogue(500), T0.AddHours(2));
        Assert.Equal(500, run.Unchanged);
        Assert.Equal(0, await HistoryRowsAsync(feed));
    }
}
