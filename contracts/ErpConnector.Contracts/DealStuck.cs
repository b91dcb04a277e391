namespace ErpConnector.Contracts;

/// <summary>Output: a deal has been processing longer than the configured threshold. Exchange <c>deal.stuck</c>.</summary>
public sealed record DealStuck
{
    public string DealId { get; init; } = "";
    public string State { get; init; } = "";
    public DateTimeOffset Since { get; init; }
    public string LastError { get; init; } = "";
}
