using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie.Pushes;

/// <summary>One webhook delivery: the envelope (fixed when published) and how its attempts went.</summary>
public sealed class PushDelivery(string messageId, string topic, string url, JsonObject envelope, DateTimeOffset publishedAt)
{
    public string MessageId { get; } = messageId;
    public string Topic { get; } = topic;

    /// <summary>The endpoint when it was published: a later change of URL does not redirect what is already queued.</summary>
    public string Url { get; } = url;

    public string Body { get; } = envelope.ToJsonString();
    public DateTimeOffset PublishedAt { get; } = publishedAt;

    /// <summary>Not sent before this instant (a back-off after a failure, or an injected delay).</summary>
    public DateTimeOffset NotBefore { get; set; } = publishedAt;

    public int Attempts { get; set; }

    /// <summary>The last answer: an HTTP status, or the error's name when there was none.</summary>
    public string? LastOutcome { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public object View() => new
    {
        messageId = MessageId,
        topic = Topic,
        url = PushOutbox.Redacted(Url), // The token in the webhook's path is a secret.
        attempts = Attempts,
        lastOutcome = LastOutcome,
        publishedAt = PublishedAt,
        deliveredAt = DeliveredAt,
    };
}
