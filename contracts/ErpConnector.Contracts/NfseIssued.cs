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
    public decimal Total { get; init; }
    /// <summary>Normalised CPF/CNPJ (no mask).</summary>
    public string CustomerDocument { get; init; } = "";
    public long OmieOrderId { get; init; }
}
