using ErpConnector.Distributors.Status;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ErpConnector.Service.Distributors;

/// <summary>Degraded (still serving) when an enabled feed is stale: quotes would use old distributor costs.</summary>
public sealed class DistributorFeedsHealthCheck(FeedStatusReader statuses) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        IReadOnlyList<FeedStatus> feeds;
        try
        {
            feeds = await statuses.ListAsync(ct);
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Degraded("Distributor feed state could not be read.", ex);
        }
        var data = feeds.ToDictionary(f => f.Id, f => (object)new { f.Stale, f.LastGoodAt, f.RowCount, f.LastRunStatus });
        var stale = feeds.Where(f => f.Enabled && f.Stale).ToList();
        if (stale.Count == 0)
            return HealthCheckResult.Healthy($"{feeds.Count} distributor feed(s) fresh.", data);
        var names = string.Join(", ", stale.Select(f => f.LastGoodAt is { } at
            ? $"{f.Id} (last good {at:u}, limit {f.StaleAfter})"
            : $"{f.Id} (never synced)"));
        return HealthCheckResult.Degraded($"Stale distributor feed(s): {names}.", data: data);
    }
}
