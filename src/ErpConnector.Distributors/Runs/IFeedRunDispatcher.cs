namespace ErpConnector.Distributors.Runs;

/// <summary>Gets a queued run executed soon, somewhere (the host fires its Quartz job; tests run it in-process).</summary>
public interface IFeedRunDispatcher
{
    Task DispatchAsync(string feedId, string runId, bool force, CancellationToken ct);
}
