using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ErpConnector.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ErpConnector.Chaos;

/// <summary>
/// The RabbitMQ side of the suite. On a local Debian broker (rabbitmqctl works) the suite gets its own vhost, so
/// its thousands of deal.won messages never reach another queue bound to deal.won, and it can restart the broker.
/// </summary>
public sealed class Broker : IAsyncDisposable
{
    /// <summary>"erp-chaos", or CHAOS_VHOST: two suites running at once on one broker (e.g. two worktrees) must not
    /// share a vhost, or each deletes and drains the other's queue.</summary>
    public static readonly string Vhost = Environment.GetEnvironmentVariable("CHAOS_VHOST") is { Length: > 0 } vhost ? vhost : "erp-chaos";
    private IConnection? _connection;
    private readonly SemaphoreSlim _connectLock = new(1, 1);

    public string Uri { get; private set; } = "";
    public bool Local { get; private set; }
    public string Note { get; private set; } = "";

    /// <summary>The broker on <paramref name="vhost"/> (default <see cref="Vhost"/>): a scenario whose consumer must not
    /// share the deal.won fanout with the two shared instances takes a vhost of its own.</summary>
    public static async Task<Broker> PrepareAsync(string baseUri, string? vhost = null)
    {
        var broker = new Broker();
        var name = vhost ?? Vhost;
        var uri = new Uri(baseUri);
        var isLoopback = uri.Host is "127.0.0.1" or "localhost" or "::1";
        if (isLoopback && await RabbitMqCtlAsync("add_vhost", name) is { } added && (added.Code == 0 || added.Output.Contains("already_exists") || added.Output.Contains("already exists")))
        {
            await RabbitMqCtlAsync("set_permissions", "-p", name, System.Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]), ".*", ".*", ".*");
            broker.Local = true;
            broker.Uri = new UriBuilder(uri) { Path = "/" + name }.Uri.ToString();
            broker.Note = $"local broker, vhost '{name}'";
        }
        else
        {
            broker.Uri = baseUri;
            broker.Note = "remote broker (rabbitmqctl unavailable): the broker-restart scenario is skipped";
        }
        return broker;
    }

    /// <summary>rabbitmqctl stop_app, a pause, start_app; waits until AMQP answers again.</summary>
    public async Task RestartAsync(TimeSpan down)
    {
        var stop = await RabbitMqCtlAsync("stop_app");
        if (stop is not { Code: 0 }) throw new InvalidOperationException($"rabbitmqctl stop_app failed: {stop?.Output}");
        await Task.Delay(down);
        var start = await RabbitMqCtlAsync("start_app");
        if (start is not { Code: 0 }) throw new InvalidOperationException($"rabbitmqctl start_app failed: {start?.Output}");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var probe = await new ConnectionFactory { Uri = new System.Uri(Uri) }.CreateConnectionAsync("chaos-probe");
                return;
            }
            catch (Exception)
            {
                await Task.Delay(250);
            }
        }
        throw new TimeoutException("The broker did not accept connections within 60 s of start_app.");
    }

    public async Task<IConnection> ConnectionAsync()
    {
        await _connectLock.WaitAsync();
        try
        {
            if (_connection is { IsOpen: true }) return _connection;
            if (_connection is not null) { try { await _connection.DisposeAsync(); } catch { } }
            _connection = await new ConnectionFactory { Uri = new System.Uri(Uri), AutomaticRecoveryEnabled = true }.CreateConnectionAsync("erp-chaos-harness");
            return _connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>Publishes to deal.won as a plain-JSON CRM would, with publisher confirms; retries through outages.</summary>
    public async Task PublishAsync(byte[] body, string messageId, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var connection = await ConnectionAsync();
                await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), ct);
                await channel.ExchangeDeclareAsync(ExchangeNames.DealWon, ExchangeType.Fanout, durable: true, cancellationToken: ct);
                var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = messageId };
                await channel.BasicPublishAsync(ExchangeNames.DealWon, "", mandatory: false, properties, body, ct);
                return;
            }
            catch (Exception) when (attempt < 120 && !ct.IsCancellationRequested)
            {
                await Task.Delay(500, ct);
            }
        }
    }

    /// <summary>Publishes many bodies over a few channels (confirms awaited per message).</summary>
    public async Task PublishManyAsync(IReadOnlyList<(byte[] Body, string MessageId)> messages, int channels = 8)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, channels).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < messages.Count)
                await PublishAsync(messages[i].Body, messages[i].MessageId);
        }));
    }

    /// <summary>Collects every message published on an output exchange (deal.rejected, nfse.issued) from now on.</summary>
    public async Task<OutputRecorder> RecordAsync(string exchange)
    {
        var connection = await ConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, exchange, "");
        var recorder = new OutputRecorder(channel);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            recorder.Add(delivery.Body.ToArray());
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return recorder;
    }

    /// <summary>Removes a scenario's queues (and the exchange MassTransit names after the queue).</summary>
    public async Task DeleteQueueAsync(string queue)
    {
        var connection = await ConnectionAsync();
        foreach (var name in new[] { queue, queue + "_error", queue + "_skipped" })
        {
            await using var channel = await connection.CreateChannelAsync();
            try { await channel.QueueDeleteAsync(name); } catch { }
        }
        foreach (var name in new[] { queue, queue + "_error", queue + "_skipped" })
        {
            await using var channel = await connection.CreateChannelAsync();
            try { await channel.ExchangeDeleteAsync(name); } catch { }
        }
    }

    public async Task<uint> DepthAsync(string queue)
    {
        var connection = await ConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try { return await channel.MessageCountAsync(queue); } catch { return 0; }
    }

    public static bool PortOpen(string host, int port)
    {
        try { using var client = new TcpClient(); client.Connect(host, port); return true; } catch { return false; }
    }

    private static async Task<(int Code, string Output)?> RabbitMqCtlAsync(params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output);
        }
        catch (Exception)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) { try { await _connection.CloseAsync(); } catch { } }
    }
}

public sealed class OutputRecorder(IChannel channel) : IAsyncDisposable
{
    private readonly List<JsonElement> _messages = [];

    public void Add(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            lock (_messages) _messages.Add(json.RootElement.Clone());
        }
        catch (JsonException)
        {
        }
    }

    public IReadOnlyList<JsonElement> Messages { get { lock (_messages) return _messages.ToList(); } }

    public IEnumerable<string> Values(string property) =>
        Messages.Select(m => m.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            .Where(v => v is not null).Select(v => v!);

    public async ValueTask DisposeAsync()
    {
        try { await channel.CloseAsync(); } catch { }
    }
}
