namespace ErpConnector.Sandbox.Distributors;

/// <summary>A misbehaviour armed for one simulated distributor (or "*" for all).</summary>
public sealed class DistributorFault
{
    public string FeedId { get; set; } = "*";
    /// <summary><c>empty</c>, <c>truncated</c>, <c>malformed</c>, <c>slow</c> (content, until cleared) or
    /// <c>unauthorized</c>, <c>rate-limited</c>, <c>server-error</c> (status, for <see cref="Times"/> requests).</summary>
    public string Kind { get; set; } = "";
    /// <summary>Requests the status faults affect; null: until cleared.</summary>
    public int? Times { get; set; }
    public int MalformedRows { get; set; } = 10;
    public double TruncateAtPercent { get; set; } = 50;
    public int RetryAfterSeconds { get; set; } = 1;
    public int? DelayMs { get; set; }

    public static readonly string[] Kinds = ["empty", "truncated", "malformed", "slow", "unauthorized", "rate-limited", "server-error"];

    public bool IsStatusFault => Kind is "unauthorized" or "rate-limited" or "server-error";
}
