using System.Collections.Concurrent;
using System.Net.Http.Json;
using ErpConnector.Distributors;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Events;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using ErpConnector.Persistence;
using ErpConnector.Persistence.Prices;
using ErpConnector.Sandbox;
using ErpConnector.Sandbox.Distributors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErpConnector.Distributors.Tests;

/// <summary>The simulator on 127.0.0.1:0, a temporary SQLite database, and the feed machinery wired as the host
/// wires it (minus Quartz and the bus). Each test uses its own feed id, so tests share one harness safely.</summary>
public sealed class FeedHarness : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erpconnector-feeds-tests-{Guid.NewGuid():N}");
    private WebApplication? _sandbox;
    private ServiceProvider? _services;
    private static int _feedCounter;

    public DistributorsOptions Options { get; } = new()
    {
        AbandonRunAfter = TimeSpan.FromSeconds(5),
        ProgressInterval = TimeSpan.FromMilliseconds(200),
    };
    public RecordingPublisher Events { get; } = new();
    public string SandboxUrl { get; private set; } = "";
    public HttpClient Sandbox { get; private set; } = new();
    public DistributorSandboxState SandboxState => _sandbox!.DistributorSandboxState();
    public IServiceProvider Services => _services!;
    public FeedRunner Runner => Services.GetRequiredService<FeedRunner>();
    public FeedRunCoordinator Coordinator => Services.GetRequiredService<FeedRunCoordinator>();
    public IFeedRunStore Runs => Services.GetRequiredService<IFeedRunStore>();
    public IPriceSnapshotStore Prices => Services.GetRequiredService<IPriceSnapshotStore>();
    public ConnectionFactory Connections => Services.GetRequiredService<ConnectionFactory>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sandbox:Distributors:CacheDirectory"] = Path.Combine(_directory, "sandbox-files"),
                ["Sandbox:Distributors:SlowDelayMs"] = "150",
            });
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        _sandbox.MapDistributorSandbox();
        _sandbox.MapDistributorSandbox(); // the host may map it too: a second call must be harmless
        await _sandbox.StartAsync();
        SandboxUrl = _sandbox.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Sandbox = new HttpClient { BaseAddress = new Uri(SandboxUrl) };

        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IOptions<PersistenceOptions>>(Microsoft.Extensions.Options.Options.Create(new PersistenceOptions
        {
            ConnectionString = $"Data Source={Path.Combine(_directory, "connector.db")}",
        }));
        services.AddSingleton<ConnectionFactory>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<IOptionsMonitor<DistributorsOptions>>(new FixedOptionsMonitor(Options));
        services.AddSingleton<IFeedEventPublisher>(Events);
        services.AddSqlitePriceSnapshots();
        services.AddPriceFeedCore();
        _services = services.BuildServiceProvider();
        _services.GetRequiredService<DatabaseMigrator>().Migrate();
    }

    /// <summary>A file feed served by the sandbox; <paramref name="query"/> picks layout, delimiter, encoding.</summary>
    public PriceFeedOptions AddFileFeed(string fileName = "prices.csv.zip", string query = "", Action<PriceFeedOptions>? configure = null)
    {
        var id = NewFeedId("file");
        var feed = new PriceFeedOptions
        {
            Id = id, Name = $"Test file feed {id}", Adapter = "file", Schedule = "0 0 6 * * ?",
            File = new FileFeedOptions
            {
                Url = $"{SandboxUrl}/distributors/{id}/files/{fileName}{(query.Length > 0 ? "?" + query : "")}",
                Columns = new FileColumns { Sku = "sku", Price = "price", Currency = "currency", RetailPrice = "retail_price", Description = "description" },
            },
        };
        configure?.Invoke(feed);
        lock (Options) Options.Feeds.Add(feed);
        return feed;
    }

    public PriceFeedOptions AddRestFeed(Action<PriceFeedOptions>? configure = null)
    {
        var id = NewFeedId("rest");
        var feed = new PriceFeedOptions
        {
            Id = id, Name = $"Test REST feed {id}", Adapter = "rest", Schedule = "0 0 6 * * ?",
            Rest = new RestFeedOptions
            {
                BaseUrl = $"{SandboxUrl}/distributors/{id}/",
                TokenUrl = $"{SandboxUrl}/distributors/{id}/oauth/token",
                ClientId = "sandbox-client", ClientSecret = "sandbox-secret", CustomerNumber = "20-222222",
                RetryBaseDelay = TimeSpan.FromMilliseconds(50), MaxRetryWait = TimeSpan.FromSeconds(5),
            },
        };
        configure?.Invoke(feed);
        lock (Options) Options.Feeds.Add(feed);
        return feed;
    }

    public async Task SetCatalogueAsync(string feedId, int rows, int seed = 42, double changed = 0, double removed = 0)
    {
        var response = await Sandbox.PostAsJsonAsync($"/_sandbox/distributors/{feedId}/catalogue",
            new { rows, seed, changedPercent = changed, removedPercent = removed });
        response.EnsureSuccessStatusCode();
    }

    public async Task ArmAsync(string feedId, string kind, int? times = null, int malformedRows = 10, double truncateAtPercent = 50, int? delayMs = null)
    {
        var response = await Sandbox.PostAsJsonAsync("/_sandbox/distributors/faults",
            new { feedId, kind, times, malformedRows, truncateAtPercent, delayMs, retryAfterSeconds = 1 });
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync(string feedId) =>
        (await Sandbox.DeleteAsync($"/_sandbox/distributors/faults?feedId={feedId}")).EnsureSuccessStatusCode();

    /// <summary>Queues and executes a run in the calling test, as the Quartz job would.</summary>
    public async Task<FeedRun> RunAsync(string feedId, bool force = false, CancellationToken ct = default)
    {
        var (run, joined) = await Runs.StartOrJoinAsync(feedId, "test", force, DateTimeOffset.UtcNow, Options.AbandonRunAfter, ct);
        Assert.False(joined, $"feed {feedId} unexpectedly had a live run {run.RunId}");
        return (await Runner.ExecuteAsync(run.RunId, ct))!;
    }

    public async Task<long> CountPricesAsync(string feedId)
    {
        await using var db = await Connections.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM distributor_prices WHERE feed_id = $f";
        command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$f", feedId));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string NewFeedId(string kind) => $"{kind}-{Interlocked.Increment(ref _feedCounter)}-{Guid.NewGuid().ToString("N")[..6]}";

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        if (_sandbox is not null) await _sandbox.DisposeAsync();
        Sandbox.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private sealed class FixedOptionsMonitor(DistributorsOptions value) : IOptionsMonitor<DistributorsOptions>
    {
        public DistributorsOptions CurrentValue => value;
        public DistributorsOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<DistributorsOptions, string?> listener) => null;
    }
}

public sealed class RecordingPublisher : IFeedEventPublisher
{
    public ConcurrentQueue<object> Published { get; } = new();

    public Task PublishAsync<T>(T message, CancellationToken ct) where T : class
    {
        Published.Enqueue(message);
        return Task.CompletedTask;
    }

    public IReadOnlyList<T> Of<T>(Func<T, bool>? where = null) =>
        Published.OfType<T>().Where(m => where?.Invoke(m) ?? true).ToList();
}
