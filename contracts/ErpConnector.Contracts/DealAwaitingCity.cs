namespace ErpConnector.Contracts;

/// <summary>Output: a deal invoiced longer than configured without the city moving (e.g. a city that only accepts a
/// TXT import): a person acts in Omie. Not a failure: the deal is issued as soon as the city answers. Exchange
/// <c>deal.awaiting-city</c>.</summary>
public sealed record DealAwaitingCity
{
    /// <summary>The deal (<see cref="DealWon.DealId"/>).</summary>
    public string DealId { get; init; } = "";
    /// <summary>The <see cref="DealWon.EventId"/> that brought the deal in.</summary>
    public string EventId { get; init; } = "";
    /// <summary>When the deal was invoiced (FaturarOS).</summary>
    public DateTimeOffset InvoicedAt { get; init; }
    /// <summary>The RPS status last seen (001 awaiting send, 002 processing, or empty).</summary>
    public string RpsStatus { get; init; } = "";
    /// <summary>What a person does (PT / EN).</summary>
    public string CorrectiveAction { get; init; } = "";
}
