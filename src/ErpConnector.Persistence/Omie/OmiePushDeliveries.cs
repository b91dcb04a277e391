using Dapper;

namespace ErpConnector.Persistence.Omie;

/// <summary>
/// Omie's push deliveries (table omie_push_deliveries, the same SQL on SQLite and PostgreSQL). A delivery is recorded
/// before the webhook answers and processed behind it; its messageId is the key, so Omie's retries and duplicates are
/// recorded once. One still <see cref="Received"/> after a crash is found by <see cref="PendingAsync"/>. Its writes go
/// through the ledger's <see cref="Deals.LedgerWriter"/>: on SQLite a connection of its own would wait in
/// busy_timeout's sleeps while the single writer commits deals back to back, and Omie's push would wait with it.
/// </summary>
public sealed class OmiePushDeliveries(ConnectionFactory connections, Deals.LedgerWriter writes)
{
    /// <summary>Recorded, not yet processed.</summary>
    public const string Received = "received";
    /// <summary>Applied to its deal (or found to change nothing).</summary>
    public const string Processed = "processed";
    /// <summary>A topic the connector does not handle.</summary>
    public const string Ignored = "ignored";
    /// <summary>For an order no deal of the connector has (recorded, not an error).</summary>
    public const string UnknownDeal = "unknown-deal";
    /// <summary>Given up after too many attempts (the body could not be applied); kept for an operator.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>Records a delivery; false when its messageId was recorded before (a duplicate).</summary>
    public async Task<bool> TryRecordAsync(string messageId, string topic, long? omieOrderId, string body, string status, DateTimeOffset now, CancellationToken ct = default)
    {
        return await writes.RunAsync(async (db, tx) => await db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO omie_push_deliveries (message_id, topic, omie_order_id, body, status, attempts, received_at)
            VALUES (@messageId, @topic, @omieOrderId, @body, @status, 0, @now) ON CONFLICT (message_id) DO NOTHING
            """,
            new { messageId, topic, omieOrderId, body, status, now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct)) == 1, ct, oneStatement: true);
    }

    /// <summary>Deliveries still waiting to be processed that arrived before <paramref name="before"/>, oldest first.</summary>
    public async Task<IReadOnlyList<OmiePushDelivery>> PendingAsync(DateTimeOffset before, int limit, CancellationToken ct = default)
    {
        await using var db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<OmiePushDelivery>(new CommandDefinition(
            """
            SELECT message_id, topic, omie_order_id, deal_id, body, status, attempts, received_at
            FROM omie_push_deliveries WHERE status = @status AND received_at <= @before ORDER BY received_at, message_id LIMIT @limit
            """,
            new { status = Received, before = before.ToUnixTimeMilliseconds(), limit }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>One delivery; null when unknown.</summary>
    public async Task<OmiePushDelivery?> GetAsync(string messageId, CancellationToken ct = default)
    {
        await using var db = await connections.OpenAsync(ct);
        return await db.QuerySingleOrDefaultAsync<OmiePushDelivery>(new CommandDefinition(
            "SELECT message_id, topic, omie_order_id, deal_id, body, status, attempts, received_at FROM omie_push_deliveries WHERE message_id = @messageId",
            new { messageId }, cancellationToken: ct));
    }

    /// <summary>Counts one more processing attempt (a delivery that keeps failing is abandoned by its processor).</summary>
    public async Task CountAttemptAsync(string messageId, CancellationToken ct = default)
    {
        await writes.RunAsync((db, tx) => db.ExecuteAsync(new CommandDefinition(
            "UPDATE omie_push_deliveries SET attempts = attempts + 1 WHERE message_id = @messageId", new { messageId }, tx, cancellationToken: ct)),
            ct, oneStatement: true);
    }

    /// <summary>Closes a delivery with its outcome and the deal it concerned, if any.</summary>
    public async Task CloseAsync(string messageId, string status, string? dealId, DateTimeOffset now, CancellationToken ct = default)
    {
        await writes.RunAsync((db, tx) => db.ExecuteAsync(new CommandDefinition(
            "UPDATE omie_push_deliveries SET status = @status, deal_id = @dealId, processed_at = @now WHERE message_id = @messageId",
            new { messageId, status, dealId, now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct)), ct, oneStatement: true);
    }

    /// <summary>The deal whose Omie order is <paramref name="omieOrderId"/> (nCodOS); null when none.</summary>
    public async Task<string?> FindDealIdAsync(long omieOrderId, CancellationToken ct = default)
    {
        await using var db = await connections.OpenAsync(ct);
        return await db.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT deal_id FROM deals WHERE omie_order_id = @omieOrderId ORDER BY created_at LIMIT 1", new { omieOrderId }, cancellationToken: ct));
    }
}

/// <summary>One recorded push delivery.</summary>
public sealed class OmiePushDelivery
{
    /// <summary>Omie's messageId.</summary>
    public string MessageId { get; set; } = "";
    /// <summary>The topic, e.g. <c>NFSe.NotaAutorizada</c>.</summary>
    public string Topic { get; set; } = "";
    /// <summary>The event's codigo_os (nCodOS), when it carried one.</summary>
    public long? OmieOrderId { get; set; }
    /// <summary>The deal it concerned, once known.</summary>
    public string? DealId { get; set; }
    /// <summary>The envelope as received (JSON).</summary>
    public string Body { get; set; } = "";
    /// <summary>received | processed | ignored | unknown-deal | abandoned.</summary>
    public string Status { get; set; } = "";
    /// <summary>Processing attempts so far.</summary>
    public int Attempts { get; set; }
    /// <summary>Unix ms.</summary>
    public long ReceivedAt { get; set; }
}
