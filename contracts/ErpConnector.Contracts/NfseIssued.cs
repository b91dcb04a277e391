namespace ErpConnector.Contracts;

/// <summary>Output: the city issued the NFS-e for a deal. Exchange <c>nfse.issued</c>.</summary>
public sealed record NfseIssued
{
    public string DealId { get; init; } = "";
    public string EventId { get; init; } = "";
    public string NfseNumber { get; init; } = "";
    public string VerificationCode { get; init; } = "";
    public string NfseUrl { get; init; } = "";
    public DateTimeOffset IssuedAt { get; init; }
    /// <summary>The deal's total (Σ quantity × unitPrice); the same as <see cref="GrossAmount"/>, kept for existing consumers.</summary>
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
    public long OmieOrderId { get; init; }
}
