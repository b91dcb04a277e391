using ErpConnector.Distributors.Feeds;
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
        var data = feeds.ToDictionary(f => f.Id, f => (object)new { f.Stale, f.LastGoodAt, f.RowCount, f.LastRunStatus, Problem = f.Problem?.Kind });
        var stale = feeds.Where(f => f.Enabled && f.Stale).ToList();
        // Rejected credentials degrade readiness even while the snapshot is fresh: unlike a distributor that is
        // down, every next run will be refused the same way until someone re-enters them.
        var refused = feeds.Where(f => f.Enabled && f.Problem?.Kind == FeedProblem.CredentialsRejected).ToList();
        var down = feeds.Where(f => f.Enabled && f.Problem?.Kind == FeedProblem.DistributorUnavailable).Select(f => f.Id).ToList();
        if (stale.Count == 0 && refused.Count == 0)
            return HealthCheckResult.Healthy($"{feeds.Count} distributor feed(s) fresh."
                + (down.Count > 0 ? $" Last run could not reach the distributor (retried at the next run): {string.Join(", ", down)}." : ""), data);
        var problems = new List<string>();
        if (refused.Count > 0)
            problems.Add($"Credentials rejected by the distributor: {string.Join(", ", refused.Select(f => f.Id))} "
                + $"({FeedFetchException.CredentialsAction.TrimEnd('.').ToLowerInvariant()}).");
        if (stale.Count > 0)
            problems.Add("Stale distributor feed(s): " + string.Join(", ", stale.Select(f => f.LastGoodAt is { } at
                ? $"{f.Id} (last good {at:u}, limit {f.StaleAfter}{(f.Problem?.Kind == FeedProblem.DistributorUnavailable ? ", distributor unavailable" : "")})"
                : $"{f.Id} (never synced)")) + ".");
        return HealthCheckResult.Degraded(string.Join(" ", problems), data: data);
    }
}
