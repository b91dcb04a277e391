using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ErpConnector.Contracts;
using ErpConnector.Sandbox;
using ErpConnector.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ErpConnector.Benchmarks.Pipeline;

/// <summary>
/// The simulator and the connector in this process on loopback, a real RabbitMQ, and a plain AMQP
/// publisher/observer that timestamps each deal from publish to its NfseIssued. <see cref="StartRigAsync"/> starts
/// the simulator, publisher and observer only, for suites that run the connector as processes of its own.
/// </summary>
public sealed class ConnectorUnderLoad : IAsyncDisposable
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"erpconnector-bench-{Guid.NewGuid():N}.db");
    private readonly ConcurrentDictionary<string, long> _published = new();
    private readonly ConcurrentDictionary<string, long> _issued = new();
    private WebApplication _sandbox = null!;
    private WebApplication? _service;
    private IConnection _connection = null!;
    private IChannel _publisher = null!;
    private IChannel _observer = null!;

    public string SandboxUrl { get; private set; } = "";
    public HttpClient SandboxHttp { get; private set; } = null!;
    /// <summary>The connector's own address (e.g. where the simulator posts its pushes).</summary>
    public string ServiceUrl { get; private set; } = "";
    public int IssuedCount => _issued.Count;

    public static async Task<ConnectorUnderLoad> StartAsync(string rabbitUri, IDictionary<string, string?> sandboxSettings, IDictionary<string, string?> serviceSettings)
    {
        var load = new ConnectorUnderLoad();
        await load.StartSandboxAsync(sandboxSettings);
        await load.StartServiceAsync(rabbitUri, serviceSettings);
        await load.StartObserverAsync(rabbitUri);
        return load;
    }

    /// <summary>The simulator, the publisher and the NfseIssued observer, without a connector in this process.</summary>
    public static async Task<ConnectorUnderLoad> StartRigAsync(string rabbitUri, IDictionary<string, string?> sandboxSettings)
    {
        var load = new ConnectorUnderLoad();
        await load.StartSandboxAsync(sandboxSettings);
        await load.StartObserverAsync(rabbitUri);
        return load;
    }

    private async Task StartSandboxAsync(IDictionary<string, string?> sandboxSettings)
    {
        _sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(sandboxSettings);
            b.Logging.ClearProviders();
        });
        await _sandbox.StartAsync();
        SandboxUrl = AddressOf(_sandbox);
        SandboxHttp = new HttpClient { BaseAddress = new Uri(SandboxUrl) };
    }

    private async Task StartServiceAsync(string rabbitUri, IDictionary<string, string?> serviceSettings)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Messaging:RabbitMqUri"] = rabbitUri,
            ["Messaging:DealWonQueue"] = DealWonQueue,
            ["Messaging:PurgeOnStartup"] = "true",
            ["Persistence:ConnectionString"] = $"Data Source={_database}",
            ["Omie:BaseUrl"] = $"{SandboxUrl}/api/v1/",
            ["Omie:AppKey"] = "sandbox-app-key",
            ["Omie:AppSecret"] = "sandbox-app-secret",
        };
        foreach (var (key, value) in serviceSettings) settings[key] = value;
        _service = ServiceApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.Logging.ClearProviders();
        });
        await _service.StartAsync();
        ServiceUrl = AddressOf(_service);
    }

    private async Task StartObserverAsync(string rabbitUri)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbitUri) };
        _connection = await factory.CreateConnectionAsync("benchmark");
        _publisher = await _connection.CreateChannelAsync();
        _observer = await _connection.CreateChannelAsync();
        await _observer.ExchangeDeclareAsync(ExchangeNames.NfseIssued, ExchangeType.Fanout, durable: true);
        var queue = await _observer.QueueDeclareAsync();
        await _observer.QueueBindAsync(queue.QueueName, ExchangeNames.NfseIssued, "");
        var consumer = new AsyncEventingBasicConsumer(_observer);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var json = JsonDocument.Parse(delivery.Body);
            var dealId = json.RootElement.GetProperty("dealId").GetString()!;
            if (_published.ContainsKey(dealId)) _issued.TryAdd(dealId, Stopwatch.GetTimestamp());
            return Task.CompletedTask;
        };
        await _observer.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
    }

    /// <summary>The connector's deal.won queue; MassTransit gives its endpoint an exchange of the same name.</summary>
    public const string DealWonQueue = "erp-connector.deal-won.bench";

    /// <summary>Publishes a deal.won straight to the connector's endpoint exchange, as the simple consumer's deals go
    /// to its own: through deal.won, every other queue bound to it in the vhost (tests, earlier runs) would get a
    /// persisted copy of each connector deal — found once holding 494,500 of them, work for RabbitMQ on the
    /// connector's side only.</summary>
    public Task PublishAsync(string dealId, byte[] body) => PublishAsync(DealWonQueue, dealId, body);

    /// <summary>Publishes to <paramref name="exchange"/> (the simple consumer's, or deal.won); the observer times either.</summary>
    public async Task PublishAsync(string exchange, string dealId, byte[] body)
    {
        _published[dealId] = Stopwatch.GetTimestamp();
        await _publisher.BasicPublishAsync(exchange, "", mandatory: false,
            new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent }, body);
    }

    public async Task<bool> WaitForIssuedAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (_issued.Count < count && deadline.Elapsed < timeout) await Task.Delay(20);
        return _issued.Count >= count;
    }

    public async Task<bool> WaitForIssuedAsync(IReadOnlyCollection<string> dealIds, TimeSpan timeout)
    {
        // A cursor over the ids rather than a scan of all of them every 20 ms: the scan (3,000 lookups 50 times a second)
        // was 2% of the process's CPU in the profile, taken from whichever side was being measured.
        var ids = dealIds.ToArray();
        var next = 0;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            while (next < ids.Length && _issued.ContainsKey(ids[next])) next++;
            if (next == ids.Length) return true;
            await Task.Delay(20);
        }
        return ids.All(_issued.ContainsKey);
    }

    /// <summary>One round: from its first publish to its last NfseIssued, and each deal's publish → NfseIssued latency.</summary>
    public RoundResult Measure(IReadOnlyCollection<string> dealIds)
    {
        var first = dealIds.Min(id => _published[id]);
        var issued = dealIds.Where(_issued.ContainsKey).ToArray();
        var last = issued.Length == 0 ? first : issued.Max(id => _issued[id]);
        var latencies = issued.Select(id => Stopwatch.GetElapsedTime(_published[id], _issued[id]).TotalMilliseconds).Order().ToArray();
        return new RoundResult(dealIds.Count, issued.Length, Stopwatch.GetElapsedTime(first, last), latencies);
    }

    /// <summary>End-to-end latencies in milliseconds, publish → NfseIssued observed.</summary>
    public double[] LatenciesMs() => _issued
        .Where(i => _published.ContainsKey(i.Key))
        .Select(i => Stopwatch.GetElapsedTime(_published[i.Key], i.Value).TotalMilliseconds)
        .Order().ToArray();

    public sealed record RoundResult(int Published, int Issued, TimeSpan Elapsed, double[] SortedLatenciesMs)
    {
        public double PerSecond => Issued / Elapsed.TotalSeconds;
    }

    public T Service<T>() where T : notnull =>
        (_service ?? throw new InvalidOperationException("No connector in this process (StartRigAsync).")).Services.GetRequiredService<T>();

    private static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    public async ValueTask DisposeAsync()
    {
        await _publisher.CloseAsync();
        await _observer.CloseAsync();
        await _connection.CloseAsync();
        if (_service is not null)
        {
            await _service.StopAsync();
            await _service.DisposeAsync();
        }
        await _sandbox.StopAsync();
        await _sandbox.DisposeAsync();
        foreach (var file in new[] { _database, Path.ChangeExtension(_database, ".quartz.db") })
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
    }
}
