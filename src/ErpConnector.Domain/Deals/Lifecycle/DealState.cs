namespace ErpConnector.Domain.Deals;

/// <summary>The steps a deal goes through; stored as these strings so SQL, the API and the console read the same words.</summary>
public static class DealState
{
    /// <summary>Written to the ledger, valid, not yet known to Omie.</summary>
    public const string Received = "received";
    /// <summary>Invalid: finance fixes the CRM and publishes again.</summary>
    public const string Rejected = "rejected";
    /// <summary>The customer exists in Omie.</summary>
    public const string CustomerRegistered = "customer-registered";
    /// <summary>The service order exists in Omie.</summary>
    public const string OrderCreated = "order-created";
    /// <summary>FaturarOS accepted: the city is processing the RPS.</summary>
    public const string Invoiced = "invoiced";
    /// <summary>The city issued the NFS-e.</summary>
    public const string Issued = "issued";
    /// <summary>Stopped on a permanent error or after its retries; an operator may retry it.</summary>
    public const string Failed = "failed";
    /// <summary>Someone asked to cancel the NFS-e: CancelarOS is (or was) sent and the connector waits for Omie to
    /// confirm it (StatusOS <c>cCancelada = "S"</c> / RPS 005, or the <c>NFSe.NotaCancelada</c> push).</summary>
    public const string CancelRequested = "cancel-requested";
    /// <summary>Omie confirmed the NFS-e cancelled. Nothing follows.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>Invoiced, but the city has not moved for longer than configured (e.g. a city that only takes a TXT
    /// import): a person acts in Omie; a push or a slower poll still moves it to issued.</summary>
    public const string AwaitingCity = "awaiting-city";
    /// <summary>The receivable of the NFS-e was settled (Omie's <c>BaixaRealizada</c>). Nothing follows.</summary>
    public const string Paid = "paid";
    /// <summary>Handled outside the connector: a person dismissed it, with who and why in its history.</summary>
    public const string Dismissed = "dismissed";

    /// <summary>Every state, in lifecycle order.</summary>
    public static readonly IReadOnlyList<string> All = [Received, Rejected, CustomerRegistered, OrderCreated, Invoiced, Issued, Failed, CancelRequested, Cancelled, AwaitingCity, Paid, Dismissed];

    /// <summary>States from which nothing moves without a person (a retry, a corrected deal).</summary>
    /// <remarks>Issued, cancelled and paid end the deal's processing; a cancellation request or Omie's pushes
    /// (cancelled, paid) still move an issued deal through its own transitions.</remarks>
    public static bool IsTerminal(string state) => state is Rejected or Issued or Failed or Cancelled or Paid or Dismissed;

    /// <summary>The states in which the deal has an NFS-e the city issued (whatever happened to it afterwards).</summary>
    public static bool HasNfse(string state) => state is Issued or CancelRequested or Cancelled or Paid;

    /// <summary>The states in which the deal is on its way through Omie.</summary>
    /// <remarks>Awaiting the city counts: it is still polled (slowly) and may still fail or be issued.</remarks>
    public static bool IsInProgress(string state) => state is Received or CustomerRegistered or OrderCreated or Invoiced or AwaitingCity;
}
