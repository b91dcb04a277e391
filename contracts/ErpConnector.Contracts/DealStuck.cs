namespace ErpConnector.Contracts;

/// <summary>Output: a deal has been processing longer than the configured threshold. Exchange <c>deal.stuck</c>.</summary>
public sealed record DealStuck
{
    /// <summary>The deal, as the publisher sent it in <see cref="DealWon.DealId"/>.</summary>
    public string DealId { get; init; } = "";
    /// <summary>The step the deal is at, e.g. <c>received</c>, <c>customer-registered</c>, <c>order-created</c>,
    /// <c>invoiced</c> (waiting for the city). An operator retries it from there.</summary>
    public string State { get; init; } = "";
    /// <summary>When the connector first recorded the deal (with offset); the threshold is counted from here.</summary>
    public DateTimeOffset Since { get; init; }
    /// <summary>The last error's message, verbatim; empty when the deal is slow without having failed.</summary>
    public string LastError { get; init; } = "";
}
