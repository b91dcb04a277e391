namespace ErpConnector.Service.Deals;

/// <summary>Names this process in ledger leases, so an operator can tell which instance holds a deal.</summary>
public sealed class WorkerIdentity
{
    public string Name { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}";
}
