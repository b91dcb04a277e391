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
    /// <summary>Handled outside the connector: a person dismissed it, with who and why in its history.</summary>
    public const string Dismissed = "dismissed";

    /// <summary>Every state, in lifecycle order.</summary>
    public static readonly IReadOnlyList<string> All = [Received, Rejected, CustomerRegistered, OrderCreated, Invoiced, Issued, Failed, Dismissed];

    /// <summary>States from which nothing moves without a person (a retry, a corrected deal).</summary>
    public static bool IsTerminal(string state) => state is Rejected or Issued or Failed or Dismissed;

    /// <summary>The states in which the deal is on its way through Omie.</summary>
    public static bool IsInProgress(string state) => state is Received or CustomerRegistered or OrderCreated or Invoiced;
}
