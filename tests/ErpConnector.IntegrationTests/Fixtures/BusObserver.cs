using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ErpConnector.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ErpConnector.IntegrationTests.Fixtures;

/// <summary>
/// Talks to the broker the way a publisher or a finance tool in any language would: plain AMQP, no MassTransit.
/// Publishes raw JSON to deal.won and records every message on the output exchanges, keyed by dealId.
/// </summary>
public sealed class BusObserver : IAsyncDisposable
{
    private static readonly string[] OutputExchanges = [ExchangeNames.NfseIssued, ExchangeNames.DealRejected, ExchangeNames.NfseFailed, ExchangeNames.DealStuck,
        ExchangeNames.NfseCancelled, ExchangeNames.NfseCancellationRefused, ExchangeNames.NfseSubstituted, ExchangeNames.InvoicePaid, ExchangeNames.DealAwaitingCity];
    private readonly ConcurrentDictionary<(string Exchange, string DealId), ConcurrentQueue<JsonObject>> _received = new();
    private IConnection _connection = null!;
    private IChannel _channel = null!;

    public static async Task<BusObserver> StartAsync(string uri)
    {
        var observer = new BusObserver();
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        observer._connection = await factory.CreateConnectionAsync("integration-tests");
        observer._channel = await observer._connection.CreateChannelAsync();
        // Same declaration MassTransit uses (fanout, durable), so whoever declares first, both agree.
        await observer._channel.ExchangeDeclareAsync(ExchangeNames.DealWon, ExchangeType.Fanout, durable: true);
        foreach (var exchange in OutputExchanges)
        {
            await observer._channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
            var queue = await observer._channel.QueueDeclareAsync();
            await observer._channel.QueueBindAsync(queue.QueueName, exchange, "");
            var consumer = new AsyncEventingBasicConsumer(observer._channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                var json = JsonNode.Parse(Encoding.UTF8.GetString(delivery.Body.Span))!.AsObject();
                var dealId = json["dealId"]?.GetValue<string>() ?? "";
                observer._received.GetOrAdd((exchange, dealId), _ => new()).Enqueue(json);
                return Task.CompletedTask;
            };
            await observer._channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        }
        return observer;
    }

    /// <summary>Publishes a plain camelCase JSON body straight to the deal.won exchange, as a non-.NET client would.</summary>
    public async Task PublishRawAsync(object body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web);
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };
        await _channel.BasicPublishAsync(ExchangeNames.DealWon, "", mandatory: false, properties, bytes);
    }

    public IReadOnlyList<JsonObject> Received(string exchange, string dealId) =>
        _received.TryGetValue((exchange, dealId), out var queue) ? queue.ToArray() : [];

    public async Task<JsonObject> WaitForAsync(string exchange, string dealId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (Received(exchange, dealId) is [var first, ..]) return first;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No message on '{exchange}' for deal '{dealId}' within {timeout ?? TimeSpan.FromSeconds(30)}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _connection.CloseAsync();
    }
}
