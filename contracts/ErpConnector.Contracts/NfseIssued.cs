namespace ErpConnector.Contracts;

/// <summary>Output: the city issued the NFS-e for a deal. Exchange <c>nfse.issued</c>.</summary>
public sealed record NfseIssued
{
    /// <summary>The deal, as the publisher sent it in <see cref="DealWon.DealId"/>. Consumers de-duplicate by it:
    /// the event may be published more than once (at-least-once), never for a second NFS-e.</summary>
    public string DealId { get; init; } = "";
    /// <summary>The <see cref="DealWon.EventId"/> that brought the deal in.</summary>
    public string EventId { get; init; } = "";
    /// <summary>The NFS-e number the city assigned.</summary>
    public string NfseNumber { get; init; } = "";
    /// <summary>The city's código de verificação, with which anyone can check the NFS-e on the city's site.</summary>
    public string VerificationCode { get; init; } = "";
    /// <summary>The city's link to view the NFS-e; may be empty when the city gives none.</summary>
    public string NfseUrl { get; init; } = "";
    /// <summary>When the connector saw the NFS-e issued (not necessarily the emission date printed on it).</summary>
    public DateTimeOffset IssuedAt { get; init; }
    /// <summary>The deal's total in reais, as received in <see cref="DealWon.Total"/> (Σ quantity × unitPrice); the same
    /// as <see cref="GrossAmount"/>, kept for existing consumers.</summary>
    public decimal Total { get; init; }
    /// <summary>Gross amount of the NFS-e: the deal's total, before any withholding.</summary>
    public decimal GrossAmount { get; init; }
    /// <summary>What the customer withholds: ISS when withheld plus the federal withholdings, each tax rounded to
    /// centavos per service. 0 when nothing is withheld; null when the ISS is withheld at the rate of Omie's registration
    /// of the service (the deal sent no <c>issRate</c>), which the connector does not know.</summary>
    public decimal? WithheldAmount { get; init; }
    /// <summary>What the customer pays: <see cref="GrossAmount"/> − <see cref="WithheldAmount"/>; null when that is unknown.</summary>
    public decimal? NetAmount { get; init; }
    /// <summary>Normalised CPF/CNPJ (no mask).</summary>
    public string CustomerDocument { get; init; } = "";
    /// <summary>Omie's id of the service order (nCodOS) that was invoiced.</summary>
    public long OmieOrderId { get; init; }
    /// <summary>Omie's PDF of the NFS-e for the customer (<c>cUrlPdfDest</c>); empty when Omie gave none. The connector
    /// also redirects to it from <c>GET /api/deals/{dealId}/nfse.pdf</c>.</summary>
    public string PdfUrl { get; init; } = "";
    /// <summary>Omie's link to the RPS (<c>cUrlRps</c>); empty when Omie gave none.</summary>
    public string RpsUrl { get; init; } = "";
    /// <summary>Omie's PDF of the statement (<c>cUrlPdfDemo</c>); empty when Omie gave none.</summary>
    public string StatementPdfUrl { get; init; } = "";
    /// <summary>True when the authorised XML is archived by the connector: <c>GET /api/deals/{dealId}/nfse.xml</c> serves it.</summary>
    public bool XmlArchived { get; init; }
}
