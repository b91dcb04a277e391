namespace ErpConnector.Contracts;

/// <summary>Output: Omie confirmed a deal's NFS-e cancelled (StatusOS <c>cCancelada = "S"</c> / RPS 005, or the
/// <c>NFSe.NotaCancelada</c> push), never on CancelarOS's 200 alone. Exchange <c>nfse.cancelled</c>. Published at least
/// once (consumers de-duplicate by <see cref="DealId"/>); also for a cancellation made in Omie by a person.</summary>
public sealed record NfseCancelled
{
    /// <summary>The deal (<see cref="DealWon.DealId"/>).</summary>
    public string DealId { get; init; } = "";
    /// <summary>The <see cref="DealWon.EventId"/> that brought the deal in.</summary>
    public string EventId { get; init; } = "";
    /// <summary>The cancelled NFS-e's number; empty when it was cancelled before the connector saw it issued.</summary>
    public string NfseNumber { get; init; } = "";
    /// <summary>When the connector learnt of the confirmation.</summary>
    public DateTimeOffset CancelledAt { get; init; }
    /// <summary>Why, as given to <c>POST /api/deals/{dealId}/cancel</c>; empty when cancelled in Omie directly.</summary>
    public string Reason { get; init; } = "";
    /// <summary>Who asked (the API caller); <c>omie</c> when cancelled in Omie directly.</summary>
    public string RequestedBy { get; init; } = "";
    /// <summary>Omie's id of the service order (nCodOS).</summary>
    public long OmieOrderId { get; init; }
}
