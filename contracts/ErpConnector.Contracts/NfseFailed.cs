namespace ErpConnector.Contracts;

/// <summary>Output: the NFS-e for a deal could not be issued and needs a person. Exchange <c>nfse.failed</c>.</summary>
public sealed record NfseFailed
{
    /// <summary>The deal, as the publisher sent it in <see cref="DealWon.DealId"/>. Consumers de-duplicate by it:
    /// the event may be published more than once.</summary>
    public string DealId { get; init; } = "";
    /// <summary>The <see cref="DealWon.EventId"/> that brought the deal in.</summary>
    public string EventId { get; init; } = "";
    /// <summary>Error category, e.g. <c>invalid-service-code</c>, <c>tax-authority-unavailable</c>.</summary>
    public string Category { get; init; } = "";
    /// <summary>The city's or Omie's code, verbatim (e.g. <c>E0310</c>, <c>SOAP-ENV:Client-5002</c>).</summary>
    public string Code { get; init; } = "";
    /// <summary>The city's or Omie's message, verbatim.</summary>
    public string Message { get; init; } = "";
    /// <summary>What finance or operations should do, in Portuguese and English.</summary>
    public string CorrectiveAction { get; init; } = "";
    /// <summary>Attempts made at the step that failed.</summary>
    public int Attempts { get; init; }
}
