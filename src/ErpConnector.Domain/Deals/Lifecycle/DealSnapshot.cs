namespace ErpConnector.Domain.Deals;

/// <summary>
/// A deal's stored form: what the ledger writes and reads back. Only persistence (and tests setting up a
/// situation) build one; everything else changes a deal through <see cref="Deal"/>'s transitions.
/// </summary>
public sealed record DealSnapshot
{
    /// <summary>The CRM's deal id (our key).</summary>
    public required string DealId { get; init; }
    /// <summary>The event that created (or last corrected) the deal.</summary>
    public required string EventId { get; init; }
    /// <summary>One of <see cref="DealState"/>.</summary>
    public required string State { get; init; }
    /// <summary>The last Omie call's outcome is unknown: ask Omie before resending.</summary>
    public bool Uncertain { get; init; }
    /// <summary>The city refused the RPS for a transient reason: the next attempt resends it.</summary>
    public bool ResendPending { get; init; }
    /// <summary>The step a failed deal stopped at, so a retry resumes there.</summary>
    public string? FailedStep { get; init; }
    /// <summary>Flagged by the stuck-deal job; cleared when the deal ends or is retried.</summary>
    public bool Stuck { get; init; }
    /// <summary>The deal.won message as JSON (or, for an oversized one, only what identifies it).</summary>
    public required string Payload { get; init; }
    /// <summary>Normalised CPF/CNPJ of the customer, once registered.</summary>
    public string? CustomerDocument { get; init; }
    /// <summary>Omie's codigo_cliente_integracao.</summary>
    public string? CustomerCode { get; init; }
    /// <summary>Omie's codigo_cliente_omie.</summary>
    public long? OmieCustomerId { get; init; }
    /// <summary>Omie's cCodIntOS.</summary>
    public string? OrderCode { get; init; }
    /// <summary>Omie's nCodOS.</summary>
    public long? OmieOrderId { get; init; }
    /// <summary>Omie's cNumOS.</summary>
    public string? OrderNumber { get; init; }
    /// <summary>The NFS-e, once issued.</summary>
    public DealNfse? Nfse { get; init; }
    /// <summary>The deal's total (Σ services).</summary>
    public decimal Total { get; init; }
    /// <summary>Attempts at the current step (retry budget).</summary>
    public int Attempts { get; init; }
    /// <summary>The last error, verbatim, with its corrective action.</summary>
    public DealError? Error { get; init; }
    /// <summary>When the sweeper should advance the deal next; null when nothing is due.</summary>
    public DateTimeOffset? NextDueAt { get; init; }
    /// <summary>Who holds the deal; null when nobody.</summary>
    public DealLease? Lease { get; init; }
    /// <summary>When the deal entered its state.</summary>
    public DateTimeOffset StateSince { get; init; }
    /// <summary>When the deal was first written.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the deal was last written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The cancellation asked for, if any.</summary>
    public DealCancellation? Cancellation { get; init; }
    /// <summary>The boleto Omie generated, if any.</summary>
    public DealBoleto? Boleto { get; init; }
    /// <summary>The settlement, once paid.</summary>
    public DealPayment? Payment { get; init; }
    /// <summary>Optimistic-concurrency version; every write bumps it.</summary>
    public long Version { get; init; }
}
