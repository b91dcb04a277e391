using System.Data;
using Dapper;

namespace ErpConnector.Persistence.Deals;

/// <summary>
/// What the connector last sent to Omie's UpsertCliente for each customer document: a hash of the registration data
/// (never the data itself) and the Omie id it got back (table omie_customers, the same SQL on both providers). A
/// repeat customer whose data hashes the same is not upserted again; its stored Omie id is used.
/// </summary>
public sealed class OmieCustomerRegistry(ConnectionFactory connections, LedgerWriter writes)
{
    // Once per new (or changed) customer in a deal's pass: kept prepared by SQLite's writer like the ledger's own writes.
    private static readonly LedgerStatement<(KnownOmieCustomer Customer, long Now)> Remember = new("""
        INSERT INTO omie_customers (document, integration_code, omie_customer_id, data_hash, upserted_at)
        VALUES (@Document, @IntegrationCode, @OmieCustomerId, @DataHash, @now)
        ON CONFLICT (document) DO UPDATE SET integration_code = excluded.integration_code,
            omie_customer_id = excluded.omie_customer_id, data_hash = excluded.data_hash, upserted_at = excluded.upserted_at
        """,
    [
        new("@Document", DbType.String, a => a.Customer.Document),
        new("@IntegrationCode", DbType.String, a => a.Customer.IntegrationCode),
        new("@OmieCustomerId", DbType.Int64, a => a.Customer.OmieCustomerId),
        new("@DataHash", DbType.String, a => a.Customer.DataHash),
        new("@now", DbType.Int64, a => a.Now),
    ]);

    /// <summary>The customer as last upserted; null when never (or forgotten).</summary>
    public async Task<KnownOmieCustomer?> FindAsync(string document, CancellationToken ct = default)
    {
        await using var db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<(string IntegrationCode, long OmieCustomerId, string DataHash)?>(new CommandDefinition(
            "SELECT integration_code, omie_customer_id, data_hash FROM omie_customers WHERE document = @document",
            new { document }, cancellationToken: ct));
        return row is { } r ? new KnownOmieCustomer(document, r.IntegrationCode, r.OmieCustomerId, r.DataHash) : null;
    }

    /// <summary>Remembers what was just upserted (replacing what was known).</summary>
    public async Task RememberAsync(KnownOmieCustomer customer, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(customer);
        // Through the ledger's writer: on SQLite a second writing connection would wait in busy_timeout's sleeps.
        await writes.RunAsync((db, tx) => Remember.ExecuteAsync(writes, db, tx, (customer, now.ToUnixTimeMilliseconds()), ct), ct, oneStatement: true);
    }

    /// <summary>Forgets a customer Omie no longer knows: the next deal upserts it again.</summary>
    public async Task ForgetAsync(string document, CancellationToken ct = default)
    {
        await writes.RunAsync((db, tx) => db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM omie_customers WHERE document = @document", new { document }, tx, cancellationToken: ct)), ct, oneStatement: true);
    }
}

/// <summary>A customer as last upserted to Omie.</summary>
/// <param name="Document">Normalised CPF/CNPJ (the key).</param>
/// <param name="IntegrationCode">codigo_cliente_integracao.</param>
/// <param name="OmieCustomerId">codigo_cliente_omie Omie answered.</param>
/// <param name="DataHash">Hash of the registration data sent.</param>
public sealed record KnownOmieCustomer(string Document, string IntegrationCode, long OmieCustomerId, string DataHash);
