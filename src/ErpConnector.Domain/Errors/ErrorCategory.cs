namespace ErpConnector.Domain.Errors;

/// <summary>What went wrong, in terms a finance person or operator acts on. Written kebab-case in the table and in <c>NfseFailed.category</c>.</summary>
public enum ErrorCategory
{
    /// <summary>The city has not decided yet (RPS awaiting send or in processing); not a failure.</summary>
    StillProcessing,
    /// <summary>The city, the national NFS-e system or Omie itself cannot answer now ("upstream unavailable").</summary>
    TaxAuthorityUnavailable,
    /// <summary>Omie refused the call for its rate or misuse limits; wait as stated, then query before resending.</summary>
    Throttled,
    /// <summary>The work exists already (customer registered, order invoiced, RPS informed) or there was nothing to do.</summary>
    AlreadyDone,
    /// <summary>Omie does not know the customer; the connector registers it and continues.</summary>
    CustomerNotFound,
    /// <summary>Omie does not know the service order; the connector re-creates it from the deal.</summary>
    OrderNotFound,
    /// <summary>The service or tax code is unknown to Omie or the city, or not valid for this provider; finance fixes the mapping.</summary>
    InvalidServiceCode,
    /// <summary>The provider's tax setup (regime, ISS rate, municipality) is wrong or incomplete in Omie or at the city.</summary>
    InvalidTaxConfiguration,
    /// <summary>The city refuses the customer's data (e.g. the taker's CNPJ); fix it in the CRM.</summary>
    InvalidCustomerData,
    /// <summary>Omie credentials, the IP, or the provider's digital certificate is not accepted; an operator fixes the configuration.</summary>
    CertificateOrAuthorisation,
    /// <summary>The connector sent a request Omie cannot read: our bug, permanent until fixed.</summary>
    IntegrationBug,
    /// <summary>The city refused to cancel an NFS-e (e.g. past its cancellation window): the NFS-e stands; a person
    /// issues a substitute or asks the city. Never retried.</summary>
    CancellationRefused,
    /// <summary>No row recognised the error (the catch-all): a few retries, then a failure with the original code and message.</summary>
    Unknown,
}
