using Dapper;
using ErpConnector.Persistence;

namespace ErpConnector.Service.Webhooks;

/// <summary>Delivery ids seen per webhook source (table webhook_deliveries, SQLite or PostgreSQL alike).</summary>
public sealed class WebhookDeliveryStore(ConnectionFactory connections)
{
    public const string Published = "published";
    public const string Received = "received";
    public const string Ignored = "ignored";

    /// <summary>Records the delivery unless known; returns the status it already had (null when new).</summary>
    public async Task<string?> TryBeginAsync(string source, string deliveryId, string eventType, string? dealId, string status, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var inserted = await db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_deliveries (source, delivery_id, event_type, deal_id, status, received_at)
            VALUES (@source, @deliveryId, @eventType, @dealId, @status, @now) ON CONFLICT (source, delivery_id) DO NOTHING
            """,
            new { source, deliveryId, eventType, dealId, status, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        if (inserted == 1) return null;
        return await db.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT status FROM webhook_deliveries WHERE source = @source AND delivery_id = @deliveryId",
            new { source, deliveryId }, cancellationToken: ct)) ?? Received;
    }

    public async Task MarkPublishedAsync(string source, string deliveryId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            "UPDATE webhook_deliveries SET status = @status, published_at = @now WHERE source = @source AND delivery_id = @deliveryId",
            new { status = Published, now = now.ToUnixTimeMilliseconds(), source, deliveryId }, cancellationToken: ct));
    }
}
