namespace ErpConnector.Contracts;

/// <summary>Output: Omie reports a deal's NFS-e replaced by another (<c>NFSe.NotaSubstituida</c>). Exchange
/// <c>nfse.substituted</c>.</summary>
public sealed record NfseSubstituted
{
    /// <summary>The deal (<see cref="DealWon.DealId"/>).</summary>
    public string DealId { get; init; } = "";
    /// <summary>The <see cref="DealWon.EventId"/> that brought the deal in.</summary>
    public string EventId { get; init; } = "";
    /// <summary>The NFS-e that was replaced.</summary>
    public string NfseNumber { get; init; } = "";
    /// <summary>The NFS-e that replaces it.</summary>
    public string SubstituteNumber { get; init; } = "";
}
