namespace ErpConnector.Persistence.Deals;

/// <summary>The steps a deal goes through; stored as these strings so SQL and the API read the same words.</summary>
public static class DealState
{
    public const string Received = "received";
    public const string Rejected = "rejected";
    public const string CustomerRegistered = "customer-registered";
    public const string OrderCreated = "order-created";
    public const string Invoiced = "invoiced";
    public const string Issued = "issued";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Received, Rejected, CustomerRegistered, OrderCreated, Invoiced, Issued, Failed];

    public static bool IsTerminal(string state) => state is Rejected or Issued or Failed;
}
