using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Events;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Files;
using ErpConnector.Distributors.Runs;
using ErpConnector.Persistence;
using ErpConnector.Persistence.Prices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ErpConnector.TestSupport.Logging;

namespace ErpConnector.Distributors.Tests.Sftp;

/// <summary>The feed machinery wired as the host wires it (minus Quartz and the bus) around sftp:// feeds of the
/// spec's <see cref="SftpServer"/>; the file adapter's progress passes through a <see cref="MidFileGate"/>.</summary>
public sealed class SftpFeedHarness(SftpServer server) : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erpconnector-sftp-tests-{Guid.NewGuid():N}");
    private ServiceProvider? _services;

    public DistributorsOptions Options { get; } = new() { AbandonRunAfter = TimeSpan.FromSeconds(30), ProgressInterval = TimeSpan.FromMilliseconds(200) };
    public RecordingPublisher Events { get; } = new();
    public MidFileGate Gate { get; } = new();
    public LogCaptureProvider Logs { get; } = new();
    public IServiceProvider Services => _services ??= Build();
    public IFeedRunStore Runs => Services.GetRequiredService<IFeedRunStore>();
    public IPriceFeedAdapter Files => Services.GetServices<IPriceFeedAdapter>().First(a => a.Kind == "file");

    private ServiceProvider Build()
    {
        Directory.CreateDirectory(_directory);
        Logs.Start();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<IOptions<PersistenceOptions>>(Microsoft.Extensions.Options.Options.Create(new PersistenceOptions
        {
            ConnectionString = $"Data Source={Path.Combine(_directory, "connector.db")}",
        }));
        services.AddSingleton<ConnectionFactory>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<IOptionsMonitor<DistributorsOptions>>(new FixedMonitor(Options));
        services.AddSingleton<IFeedEventPublisher>(Events);
        services.AddSingleton(Gate);
        services.AddSingleton<FilePriceFeedAdapter>();
        // Registered before the core's own: the runner takes the first adapter of a kind.
        services.AddSingleton<IPriceFeedAdapter, MidFileGate.Adapter>();
        services.AddSqlitePriceSnapshots();
        services.AddPriceFeedCore();
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<DatabaseMigrator>().Migrate();
        return provider;
    }

    /// <summary>An sftp:// feed of <paramref name="path"/> (a name under the server's root, or a pattern), logging in
    /// with the server's password; <paramref name="configure"/> changes the rest.</summary>
    public PriceFeedOptions AddFeed(string path, Action<FileFeedOptions>? configure = null)
    {
        var id = $"sftp-{Guid.NewGuid().ToString("N")[..10]}";
        var feed = new PriceFeedOptions
        {
            Id = id, Name = $"SFTP feed {id}", Adapter = "file", Schedule = "0 0 6 * * ?",
            File = SftpFile(server, path),
        };
        configure?.Invoke(feed.File);
        Assert.Empty(new PriceFeedOptionsValidator(_ => null).Validate(new DistributorsOptions { Feeds = [feed] }));
        lock (Options) Options.Feeds.Add(feed);
        return feed;
    }

    public static FileFeedOptions SftpFile(SftpServer server, string path) => new()
    {
        Url = $"sftp://{server.Host}:{server.Port}{server.Root}/{path}",
        Username = server.User,
        Password = server.Password,
        HostKeyFingerprint = server.HostKeyFingerprint,
        ConnectTimeout = TimeSpan.FromSeconds(20),
        RetryDelay = TimeSpan.Zero,
        Columns = new FileColumns { Sku = "sku", Price = "price", Currency = "currency" },
    };

    public async Task<FeedRun> RunAsync(string feedId, CancellationToken ct = default)
    {
        var (run, joined) = await Runs.StartOrJoinAsync(feedId, "test", false, DateTimeOffset.UtcNow, Options.AbandonRunAfter, ct);
        Assert.False(joined);
        return (await Services.GetRequiredService<FeedRunner>().ExecuteAsync(run.RunId, ct))!;
    }

    public async Task<long> CountPricesAsync(string feedId)
    {
        await using var db = await Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM distributor_prices WHERE feed_id = $f";
        command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$f", feedId));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        Gate.Release();
        if (_services is not null) await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private sealed class FixedMonitor(DistributorsOptions value) : IOptionsMonitor<DistributorsOptions>
    {
        public DistributorsOptions CurrentValue => value;
        public DistributorsOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<DistributorsOptions, string?> listener) => null;
    }
}

[CollectionDefinition(Name)]
public sealed class SftpCollection : ICollectionFixture<SftpServer>
{
    /// <summary>One SSH server, and one test at a time: the specs share its user and cut its sessions.</summary>
    public const string Name = "sftp";
}
