using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ErpConnector.Contracts;
using ErpConnector.Distributors;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Events;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using ErpConnector.Persistence.Postgres.Prices;
using ErpConnector.Persistence.Prices;
using ErpConnector.Persistence.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErpConnector.Persistence.Tests.Prices;

/// <summary>The real FeedRunner (file adapter over a file:// drop folder, diff, guards, event outbox) on PostgreSQL,
/// wired as the host wires it: AddPersistence-style ConnectionFactory + AddSqlitePriceSnapshots + AddPriceFeedCore.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresFeedRunnerTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erp-pg-feeds-{Guid.NewGuid():N}");
    private readonly DistributorsOptions _options = new() { AbandonRunAfter = TimeSpan.FromSeconds(30), ProgressInterval = TimeSpan.FromMilliseconds(200) };
    private readonly Recording _events = new();
    private ServiceProvider? _services;

    private IFeedRunStore Runs => _services!.GetRequiredService<IFeedRunStore>();
    private IPriceSnapshotStore Prices => _services!.GetRequiredService<IPriceSnapshotStore>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IOptions<PersistenceOptions>>(Options.Create(new PersistenceOptions
        {
            Provider = PersistenceOptions.Postgres, ConnectionString = await server.CreateDatabaseAsync(),
        }));
        services.AddSingleton<ConnectionFactory>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<IOptionsMonitor<DistributorsOptions>>(new Fixed(_options));
        services.AddSingleton<IFeedEventPublisher>(_events);
        services.AddSqlitePriceSnapshots();
        services.AddPriceFeedCore();
        _services = services.BuildServiceProvider();
        _services.GetRequiredService<DatabaseMigrator>().Migrate();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            var connectionString = _services.GetRequiredService<ConnectionFactory>().ConnectionString;
            await _services.DisposeAsync();
            await using var pooled = new Npgsql.NpgsqlConnection(connectionString);
            Npgsql.NpgsqlConnection.ClearPool(pooled); // its own database: these connections are never reused
        }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private string AddFeed()
    {
        var id = $"pg-file-{Guid.NewGuid():N}"[..16];
        _options.Feeds.Add(new PriceFeedOptions
        {
            Id = id, Name = id, Adapter = "file", Schedule = "0 0 6 * * ?",
            File = new FileFeedOptions
            {
                Url = new Uri(Path.Combine(_directory, $"{id}.csv")).AbsoluteUri,
                Columns = new FileColumns { Sku = "sku", Price = "price", Currency = "currency", RetailPrice = "retail_price", Description = "description" },
            },
        });
        return id;
    }

    private void WriteFile(string feedId, IEnumerable<(string Sku, decimal Price)> rows)
    {
        var text = new StringBuilder("sku,price,currency,retail_price,description\n");
        foreach (var (sku, price) in rows)
            text.Append(sku).Append(',').Append(price.ToString(CultureInfo.InvariantCulture)).Append(",BRL,,Item ").Append(sku).Append('\n');
        File.WriteAllText(Path.Combine(_directory, $"{feedId}.csv"), text.ToString());
    }

    private async Task<FeedRun> RunAsync(string feedId)
    {
        var (run, joined) = await Runs.StartOrJoinAsync(feedId, "test", false, DateTimeOffset.UtcNow, _options.AbandonRunAfter, default);
        Assert.False(joined);
        return (await _services!.GetRequiredService<FeedRunner>().ExecuteAsync(run.RunId, default))!;
    }

    private static IEnumerable<(string, decimal)> Catalogue(int count, Func<int, decimal>? price = null) =>
        Enumerable.Range(1, count).Select(i => ($"PG{i:D6}", price?.Invoke(i) ?? 5m + i / 100m));

    [Fact]
    public async Task Feed_runs_apply_diff_announce_and_reject_on_postgres()
    {
        Assert.IsType<PostgresPriceSnapshotStore>(Prices);
        var feed = AddFeed();

        WriteFile(feed, Catalogue(3000));
        var first = await RunAsync(feed);
        Assert.Equal(FeedRunStatus.Applied, first.Status);
        Assert.Equal(3000, first.Added);
        Assert.True(Assert.Single(_events.Of<DistributorPricesRefreshed>(e => e.RunId == first.RunId)).InitialLoad);

        WriteFile(feed, Catalogue(3000).Where(r => r.Item1 != "PG000001"));
        var unchanged = await RunAsync(feed);
        Assert.Equal(FeedRunStatus.Applied, unchanged.Status);
        Assert.Equal((0L, 0L, 1L, 2999L), (unchanged.Added, unchanged.Changed, unchanged.Removed, unchanged.Unchanged));

        // Every tenth price up, SKUs above 2970 gone.
        WriteFile(feed, Catalogue(2970, i => i % 10 == 0 ? 6m + i / 100m : 5m + i / 100m).Skip(1));
        var second = await RunAsync(feed);
        Assert.Equal(FeedRunStatus.Applied, second.Status);
        Assert.Equal((297L, 30L), (second.Changed, second.Removed));
        var batches = _events.Of<DistributorPricesChanged>(e => e.RunId == second.RunId);
        Assert.Equal(327, batches.Sum(b => b.Changes.Count));
        Assert.All(batches, b => Assert.InRange(b.Changes.Count, 1, 100));
        Assert.Equal("PG000010", batches[0].Changes[0].Sku);
        Assert.Equal(6.1m, batches[0].Changes[0].NewPrice);
        Assert.DoesNotContain(await Runs.ListUnpublishedAsync(feed, default), r => r.RunId == second.RunId); // outbox drained

        // A file cut to a third: the row-count guard refuses it and the snapshot stays.
        WriteFile(feed, Catalogue(1000).Skip(1));
        var rejected = await RunAsync(feed);
        Assert.Equal(FeedRunStatus.Rejected, rejected.Status);
        Assert.Equal(FeedRunReasons.RowCountDrop, rejected.Reason);
        Assert.Single(_events.Of<DistributorFeedRejected>(e => e.RunId == rejected.RunId));
        var state = (await Runs.GetStateAsync(feed, default))!;
        Assert.Equal(second.RunId, state.LastGoodRunId);
        Assert.Equal(2969, state.RowCount);
        var price = await Prices.GetPriceAsync(feed, "PG000020", 10, default);
        Assert.Equal(6.2m, price!.Price);
        Assert.Equal(5.2m, Assert.Single(price.History).OldPrice);

        // A file that is not there: failed, snapshot intact.
        File.Delete(Path.Combine(_directory, $"{feed}.csv"));
        var failed = await RunAsync(feed);
        Assert.Equal(FeedRunStatus.Failed, failed.Status);
        Assert.Equal(second.RunId, (await Runs.GetStateAsync(feed, default))!.LastGoodRunId);
        Assert.Equal(6.2m, (await Prices.GetPriceAsync(feed, "PG000020", 10, default))!.Price);
    }

    private sealed class Recording : IFeedEventPublisher
    {
        private readonly ConcurrentQueue<object> _published = new();

        public Task PublishAsync<T>(T message, CancellationToken ct) where T : class
        {
            _published.Enqueue(message);
            return Task.CompletedTask;
        }

        public IReadOnlyList<T> Of<T>(Func<T, bool> where) => _published.OfType<T>().Where(where).ToList();
    }

    private sealed class Fixed(DistributorsOptions value) : IOptionsMonitor<DistributorsOptions>
    {
        public DistributorsOptions CurrentValue => value;
        public DistributorsOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<DistributorsOptions, string?> listener) => null;
    }
}
