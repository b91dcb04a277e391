namespace ErpConnector.Contracts;

/// <summary>Output: the city (or Omie) refused to cancel a deal's NFS-e, e.g. past the municipality's cancellation
/// window; the NFS-e stands and the deal is back to issued. Exchange <c>nfse.cancellation-refused</c>.</summary>
public sealed record NfseCancellationRefused
{
    /// <summary>The deal (<see cref="DealWon.DealId"/>).</summary>
    public string DealId { get; init; } = "";
    /// <summary>The <see cref="DealWon.EventId"/> that brought the deal in.</summary>
    public string EventId { get; init; } = "";
    /// <summary>The NFS-e that stays valid.</summary>
    public string NfseNumber { get; init; } = "";
    /// <summary>The classification table's category, e.g. <c>cancellation-refused</c>.</summary>
    public string Category { get; init; } = "";
    /// <summary>The city's or Omie's code, verbatim.</summary>
    public string Code { get; init; } = "";
    /// <summary>The city's or Omie's message, verbatim.</summary>
    public string Message { get; init; } = "";
    /// <summary>What a person does next (PT / EN), e.g. issue a substitute NFS-e.</summary>
    public string CorrectiveAction { get; init; } = "";
    /// <summary>The reason given with the request.</summary>
    public string Reason { get; init; } = "";
    /// <summary>Who asked.</summary>
    public string RequestedBy { get; init; } = "";
}
