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
/// publisher/observer that timestamps each deal from publish to its NfseIssued.
/// </summary>
public sealed class ConnectorUnderLoad : IAsyncDisposable
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"erpconnector-bench-{Guid.NewGuid():N}.db");
    private readonly ConcurrentDictionary<string, long> _published = new();
    private readonly ConcurrentDictionary<string, long> _issued = new();
    private WebApplication _sandbox = null!;
    private WebApplication _service = null!;
    private IConnection _connection = null!;
    private IChannel _publisher = null!;
    private IChannel _observer = null!;

    public string SandboxUrl { get; private set; } = "";
    public HttpClient SandboxHttp { get; private set; } = null!;
    public int IssuedCount => _issued.Count;

    public static async Task<ConnectorUnderLoad> StartAsync(string rabbitUri, IDictionary<string, string?> sandboxSettings, IDictionary<string, string?> serviceSettings)
    {
        var load = new ConnectorUnderLoad();
        load._sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(sandboxSettings);
            b.Logging.ClearProviders();
        });
        await load._sandbox.StartAsync();
        load.SandboxUrl = AddressOf(load._sandbox);
        load.SandboxHttp = new HttpClient { BaseAddress = new Uri(load.SandboxUrl) };

        var settings = new Dictionary<string, string?>
        {
            ["Messaging:RabbitMqUri"] = rabbitUri,
            ["Messaging:DealWonQueue"] = "erp-connector.deal-won.bench",
            ["Messaging:PurgeOnStartup"] = "true",
            ["Persistence:ConnectionString"] = $"Data Source={load._database}",
            ["Omie:BaseUrl"] = $"{load.SandboxUrl}/api/v1/",
            ["Omie:AppKey"] = "sandbox-app-key",
            ["Omie:AppSecret"] = "sandbox-app-secret",
        };
        foreach (var (key, value) in serviceSettings) settings[key] = value;
        load._service = ServiceApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.Logging.ClearProviders();
        });
        await load._service.StartAsync();

        var factory = new ConnectionFactory { Uri = new Uri(rabbitUri) };
        load._connection = await factory.CreateConnectionAsync("benchmark");
        load._publisher = await load._connection.CreateChannelAsync();
        load._observer = await load._connection.CreateChannelAsync();
        await load._observer.ExchangeDeclareAsync(ExchangeNames.NfseIssued, ExchangeType.Fanout, durable: true);
        var queue = await load._observer.QueueDeclareAsync();
        await load._observer.QueueBindAsync(queue.QueueName, ExchangeNames.NfseIssued, "");
        var consumer = new AsyncEventingBasicConsumer(load._observer);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var json = JsonDocument.Parse(delivery.Body);
            var dealId = json.RootElement.GetProperty("dealId").GetString()!;
            if (load._published.ContainsKey(dealId)) load._issued.TryAdd(dealId, Stopwatch.GetTimestamp());
            return Task.CompletedTask;
        };
        await load._observer.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return load;
    }

    public Task PublishAsync(string dealId, byte[] body) => PublishAsync(ExchangeNames.DealWon, dealId, body);

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
        var deadline = Stopwatch.StartNew();
        while (dealIds.Any(id => !_issued.ContainsKey(id)) && deadline.Elapsed < timeout) await Task.Delay(20);
        return dealIds.All(_issued.ContainsKey);
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

    public T Service<T>() where T : notnull => _service.Services.GetRequiredService<T>();

    private static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    public async ValueTask DisposeAsync()
    {
        await _publisher.CloseAsync();
        await _observer.CloseAsync();
        await _connection.CloseAsync();
        await _service.StopAsync();
        await _service.DisposeAsync();
        await _sandbox.StopAsync();
        await _sandbox.DisposeAsync();
        foreach (var file in new[] { _database, Path.ChangeExtension(_database, ".quartz.db") })
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
    }
}
