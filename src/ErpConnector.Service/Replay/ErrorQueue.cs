using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ErpConnector.Contracts;
using ErpConnector.Service.Messaging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace ErpConnector.Service.Replay;

/// <summary>One dead-lettered deal.won message as an operator sees it.</summary>
public sealed record ErrorMessageView(
    string MessageId,
    string? DealId,
    string? EventId,
    string? FaultExceptionType,
    string? FaultMessage,
    string? ContentType,
    int Size,
    bool Redelivered,
    string Preview);

/// <summary>Outcome of replaying one selected message.</summary>
public sealed record ReplayResult(string MessageId, string Outcome, string? DealId);

/// <summary>
/// Reads and replays <c>&lt;DealWonQueue&gt;_error</c> over plain AMQP. Listing takes messages with basic.get
/// without acknowledging them and hands every one back (nack + requeue) before it returns, so nothing is lost.
/// Replaying publishes the selected bodies to the deal.won exchange with publisher confirms, and only then
/// acknowledges (removes) them from the error queue: a crash in between leaves a copy in both places, which the
/// ledger de-duplicates by deal id, rather than none.
/// </summary>
public sealed class ErrorQueue(IOptions<MessagingOptions> options, IConfiguration configuration)
{
    /// <summary>Messages looked at per request at most: an error queue of millions must not stall the API.</summary>
    public const int MaxScan = 5_000;

    private static readonly string[] DroppedHeaderPrefixes = ["MT-Fault-", "MT-Reason", "MT-Host-"];

    public string QueueName => options.Value.DealWonQueue + "_error";

    /// <summary>The broker URI, or null when the service runs on the in-memory bus (no error queue to read).</summary>
    public string? BrokerUri =>
        Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } fromEnv ? fromEnv
        : configuration[$"{MessagingOptions.SectionName}:RabbitMqUri"] is { Length: > 0 } configured ? configured
        : null;

    public async Task<(IReadOnlyList<ErrorMessageView> Items, uint Total)> ListAsync(int limit, CancellationToken ct)
    {
        await using var connection = await ConnectAsync("erp-connector-error-list", ct);
        if (await QueueDepthAsync(connection, ct) is not { } total) return ([], 0); // no failure yet: MassTransit creates it on the first
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var items = new List<ErrorMessageView>();
        ulong lastTag = 0;
        try
        {
            while (items.Count < limit)
            {
                var got = await channel.BasicGetAsync(QueueName, autoAck: false, ct);
                if (got is null) break;
                lastTag = got.DeliveryTag;
                items.Add(Describe(got.Body.ToArray(), got.BasicProperties, got.Redelivered));
            }
        }
        finally
        {
            if (lastTag != 0)
                await channel.BasicNackAsync(lastTag, multiple: true, requeue: true, CancellationToken.None);
        }
        return (items, total);
    }

    public async Task<IReadOnlyList<ReplayResult>> ReplayAsync(IReadOnlyCollection<string> messageIds, CancellationToken ct)
    {
        var wanted = new HashSet<string>(messageIds, StringComparer.Ordinal);
        var results = new List<ReplayResult>();
        await using var connection = await ConnectAsync("erp-connector-error-replay", ct);
        if (await QueueDepthAsync(connection, ct) is null) return [.. wanted.Select(id => new ReplayResult(id, "not-found", null))];
        await using var reader = await connection.CreateChannelAsync(cancellationToken: ct);
        await using var publisher = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        var keep = new List<ulong>();
        try
        {
            for (var scanned = 0; scanned < MaxScan && wanted.Count > 0; scanned++)
            {
                var got = await reader.BasicGetAsync(QueueName, autoAck: false, ct);
                if (got is null) break;
                var body = got.Body.ToArray();
                var view = Describe(body, got.BasicProperties, got.Redelivered);
                if (!wanted.Remove(view.MessageId))
                {
                    keep.Add(got.DeliveryTag);
                    continue;
                }
                var properties = new BasicProperties
                {
                    ContentType = got.BasicProperties.ContentType ?? "application/json",
                    MessageId = got.BasicProperties.MessageId ?? view.MessageId,
                    CorrelationId = got.BasicProperties.CorrelationId,
                    DeliveryMode = DeliveryModes.Persistent,
                    Headers = new Dictionary<string, object?>(),
                };
                if (got.BasicProperties.Headers is { } headers)
                    foreach (var (key, value) in headers)
                        if (!DroppedHeaderPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                            properties.Headers[key] = value;
                properties.Headers["x-replayed-from"] = QueueName;
                // Awaits the broker's confirm (tracking enabled): only a confirmed copy lets the original go.
                await publisher.BasicPublishAsync(ExchangeNames.DealWon, "", mandatory: false, properties, body, ct);
                await reader.BasicAckAsync(got.DeliveryTag, multiple: false, ct);
                results.Add(new ReplayResult(view.MessageId, "republished", view.DealId));
            }
        }
        finally
        {
            foreach (var tag in keep)
                await reader.BasicNackAsync(tag, multiple: false, requeue: true, CancellationToken.None);
        }
        results.AddRange(wanted.Select(id => new ReplayResult(id, "not-found", null)));
        return results;
    }

    private async Task<IConnection> ConnectAsync(string name, CancellationToken ct)
    {
        var uri = BrokerUri ?? throw new InvalidOperationException("No RabbitMQ broker is configured (in-memory bus): there is no error queue.");
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        return await factory.CreateConnectionAsync(name, ct);
    }

    /// <summary>The queue's depth, or null when it does not exist. A passive declare of a missing queue closes its
    /// channel, so it runs on a throw-away one.</summary>
    private async Task<uint?> QueueDepthAsync(IConnection connection, CancellationToken ct)
    {
        await using var probe = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            return (await probe.QueueDeclarePassiveAsync(QueueName, ct)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }

    /// <summary>The id an operator selects: the AMQP message-id, or a fingerprint of the body when the publisher set none.</summary>
    private static ErrorMessageView Describe(byte[] body, IReadOnlyBasicProperties properties, bool redelivered)
    {
        var id = properties.MessageId is { Length: > 0 } messageId ? messageId : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body))[..32];
        string? dealId = null, eventId = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            // MassTransit envelopes carry the deal under "message"; plain JSON publishers send it at the top.
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.Object) root = inner;
            if (root.ValueKind == JsonValueKind.Object)
            {
                dealId = Read(root, "dealId") ?? Read(root, "DealId");
                eventId = Read(root, "eventId") ?? Read(root, "EventId");
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is exactly what lands here; the preview shows it.
        }
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 600));
        return new ErrorMessageView(id, dealId, eventId, Header(properties, "MT-Fault-ExceptionType"), Header(properties, "MT-Fault-Message"),
            properties.ContentType, body.Length, redelivered, body.Length > 600 ? text + "…" : text);
    }

    private static string? Read(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    private static string? Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers?.TryGetValue(name, out var value) == true
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => null, _ => value.ToString() }
            : null;
}
