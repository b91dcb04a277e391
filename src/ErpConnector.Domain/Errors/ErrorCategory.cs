namespace ErpConnector.Domain.Errors;

/// <summary>What went wrong, in terms a finance person or operator acts on. Written kebab-case in the table and in <c>NfseFailed.category</c>.</summary>
public enum ErrorCategory
{
    StillProcessing,
    /// <summary>The city, the national NFS-e system or Omie itself cannot answer now ("upstream unavailable").</summary>
    TaxAuthorityUnavailable,
    Throttled,
    AlreadyDone,
    CustomerNotFound,
    OrderNotFound,
    InvalidServiceCode,
    InvalidTaxConfiguration,
    InvalidCustomerData,
    CertificateOrAuthorisation,
    IntegrationBug,
    Unknown,
}
