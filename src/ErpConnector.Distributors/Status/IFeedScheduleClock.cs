namespace ErpConnector.Distributors.Status;

/// <summary>When a feed runs next, as the scheduler knows it (null: not scheduled, or no scheduler).</summary>
public interface IFeedScheduleClock
{
    Task<DateTimeOffset?> NextRunAsync(string feedId, CancellationToken ct);
}

public sealed class NoFeedScheduleClock : IFeedScheduleClock
{
    public Task<DateTimeOffset?> NextRunAsync(string feedId, CancellationToken ct) => Task.FromResult<DateTimeOffset?>(null);
}
