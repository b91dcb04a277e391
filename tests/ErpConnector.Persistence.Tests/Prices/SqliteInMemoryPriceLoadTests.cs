using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Ingest;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using ErpConnector.Persistence.Prices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErpConnector.Persistence.Tests.Prices;

/// <summary>A run's apply opens its own handle on the database file (no connection mutex); a database with no file
/// (shared in-memory) cannot be opened twice, so the apply writes through the pooled connection's handle instead,
/// and gives that connection back with the ordinary page cache.</summary>
public sealed class SqliteInMemoryPriceLoadTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_run_applies_on_a_database_without_a_file(bool writeThrough)
    {
        var connectionString = $"Data Source=prices-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        await using var keepAlive = new SqliteConnection(connectionString); // the database lives while one connection does
        await keepAlive.OpenAsync();
        var options = Options.Create(new PersistenceOptions { Provider = PersistenceOptions.Sqlite, ConnectionString = connectionString });
        await using var connections = new ConnectionFactory(options);
        new DatabaseMigrator(connections, NullLogger<DatabaseMigrator>.Instance).Migrate();
        var runs = new SqliteFeedRunStore(connections);
        var prices = new SqlitePriceSnapshotStore(connections, TimeProvider.System);
        var at = DateTimeOffset.UtcNow;
        var (run, _) = await runs.StartOrJoinAsync("mem", "api", false, at, TimeSpan.FromMinutes(5), default);
        Assert.True(await runs.TryBeginAsync(run.RunId, at, default));

        var staging = await prices.BeginStagingAsync("mem", run.RunId, new StagingOptions(at, RecordHistory: false, WriteThrough: writeThrough), default);
        await using (staging)
        {
            var ingestion = new FeedIngestion(await prices.LoadIndexAsync("mem", default), staging, 10);
            for (var i = 1; i <= 1_000; i++)
                ingestion.Accept(new FeedRecord { Sku = $"M-{i}", Price = i, Currency = "BRL", Line = i, Raw = "" });
            run.Status = FeedRunStatus.Applied;
            run.Added = ingestion.Added;
            run.RowCountAfter = ingestion.Added;
            run.FinishedAt = at;
            await staging.ApplyAsync(run, new HashSet<ulong>(), default);
        }

        Assert.Equal(1_000, (await runs.GetStateAsync("mem", default))!.RowCount);
        Assert.Equal(1_000, (await prices.LoadIndexAsync("mem", default)).StoredCount);
        await using var pooled = await connections.OpenAsync();
        await using var cache = pooled.CreateCommand();
        cache.CommandText = "PRAGMA cache_size";
        Assert.Equal(-2000L, await cache.ExecuteScalarAsync());
    }
}
