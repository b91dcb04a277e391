namespace ErpConnector.Domain.Deals;

/// <summary>The NFS-e the city issued for a deal.</summary>
public sealed record DealNfse(string Number, string VerificationCode, string Url, DateTimeOffset IssuedAt);
