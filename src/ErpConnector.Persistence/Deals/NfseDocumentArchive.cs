using System.Data;
using Dapper;

namespace ErpConnector.Persistence.Deals;

/// <summary>
/// The authorised NFS-e XML of each deal, kept in the ledger's own database (table nfse_documents, the same SQL on
/// SQLite and PostgreSQL): finance still has it when the city's portal is down or Omie's link expired. The first
/// authorised XML a deal gets is kept; a later copy of the same NFS-e (the push after the poll) changes nothing.
/// </summary>
public sealed class NfseDocumentArchive(ConnectionFactory connections, LedgerWriter writes)
{
    /// <summary>Where the XML came from: StatusOS's <c>xml_distr</c>.</summary>
    public const string FromStatus = "statusos";
    /// <summary>Where the XML came from: the <c>NFSe.NotaAutorizada</c> push's <c>nfse_xml</c>.</summary>
    public const string FromPush = "push";

    // Once per issued deal: kept prepared on SQLite's writer like the ledger's own per-deal writes.
    private static readonly LedgerStatement<(string DealId, string NfseNumber, string Xml, string Source, long Now)> Store = new("""
        INSERT INTO nfse_documents (deal_id, nfse_number, xml, source, stored_at)
        VALUES (@dealId, @nfseNumber, @xml, @source, @now) ON CONFLICT (deal_id) DO NOTHING
        """,
    [
        new("@dealId", DbType.String, a => a.DealId),
        new("@nfseNumber", DbType.String, a => a.NfseNumber),
        new("@xml", DbType.String, a => a.Xml),
        new("@source", DbType.String, a => a.Source),
        new("@now", DbType.Int64, a => a.Now),
    ]);

    /// <summary>Keeps <paramref name="xml"/> unless the deal has one already; true when stored now.</summary>
    public async Task<bool> StoreAsync(string dealId, string nfseNumber, string xml, string source, DateTimeOffset now, CancellationToken ct = default)
    {
        var values = (dealId, nfseNumber, xml, source, now.ToUnixTimeMilliseconds());
        return await writes.RunAsync(async (db, tx) => await Store.ExecuteAsync(writes, db, tx, values, ct) == 1, ct, oneStatement: true);
    }

    /// <summary>The archived XML of a deal; null when none was received.</summary>
    public async Task<ArchivedNfse?> GetAsync(string dealId, CancellationToken ct = default)
    {
        await using var db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<(string DealId, string NfseNumber, string Xml, string Source, long StoredAt)?>(new CommandDefinition(
            "SELECT deal_id, nfse_number, xml, source, stored_at FROM nfse_documents WHERE deal_id = @dealId",
            new { dealId }, cancellationToken: ct));
        return row is { } r ? new ArchivedNfse(r.DealId, r.NfseNumber, r.Xml, r.Source, DateTimeOffset.FromUnixTimeMilliseconds(r.StoredAt)) : null;
    }
}

/// <summary>An archived NFS-e XML.</summary>
public sealed record ArchivedNfse(string DealId, string NfseNumber, string Xml, string Source, DateTimeOffset StoredAt);
