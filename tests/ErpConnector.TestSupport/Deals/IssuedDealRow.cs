using System.Data.Common;
using System.Text.Json;
using ErpConnector.Contracts;

namespace ErpConnector.TestSupport.Deals;

/// <summary>
/// Writes an issued deal straight into a connector's ledger (SQLite or PostgreSQL), the way any version of the
/// connector has stored one: plain SQL on the deals table, no connector type. Regression tests use it to start from
/// a finished deal without an Omie, and still run against a version of the connector whose ledger API was different.
/// </summary>
public static class IssuedDealRow
{
    /// <summary>Inserts the row.</summary>
    /// <param name="db">An open connection to the connector's ledger database.</param>
    /// <param name="won">The deal the row stands for (its ids, payload and total).</param>
    /// <param name="stuck">True for the row an earlier version left behind: issued, yet still flagged stuck.</param>
    /// <param name="issuedAt">When the NFS-e was issued.</param>
    public static async Task InsertAsync(DbConnection db, DealWon won, bool stuck, DateTimeOffset issuedAt)
    {
        var at = issuedAt.ToUnixTimeMilliseconds();
        await using var insert = db.CreateCommand();
        insert.CommandText = """
            INSERT INTO deals (deal_id, event_id, state, stuck, payload, customer_document, customer_code, omie_customer_id,
                               order_code, omie_order_id, order_number, nfse_number, nfse_verification_code, nfse_url,
                               issued_at, total, attempts, state_since, created_at, updated_at, version)
            VALUES (@dealId, @eventId, 'issued', @stuck, @payload, @document, @customerCode, 4711,
                    @orderCode, 8150, '000042', '2026000123', 'AB12-CD34', 'https://nfse.example/2026000123',
                    @at, @total, 0, @at, @at, @at, 7)
            """;
        Add(insert, "dealId", won.DealId);
        Add(insert, "eventId", won.EventId);
        Add(insert, "stuck", stuck);
        Add(insert, "payload", JsonSerializer.Serialize(won, JsonSerializerOptions.Web));
        Add(insert, "document", won.Customer?.Document);
        Add(insert, "customerCode", $"CLI-{won.DealId}");
        Add(insert, "orderCode", $"OS-{won.DealId}");
        Add(insert, "at", at);
        Add(insert, "total", won.Total);
        await insert.ExecuteNonQueryAsync();

        // The event that created it is known, as it is for every deal the connector wrote.
        await using var processed = db.CreateCommand();
        processed.CommandText = "INSERT INTO processed_events (event_id, deal_id, received_at) VALUES (@eventId, @dealId, @at)";
        Add(processed, "eventId", won.EventId);
        Add(processed, "dealId", won.DealId);
        Add(processed, "at", at);
        await processed.ExecuteNonQueryAsync();
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
