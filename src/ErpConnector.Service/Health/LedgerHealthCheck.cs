using ErpConnector.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ErpConnector.Service.Health;

/// <summary>The ledger database answers a trivial query.</summary>
public sealed class LedgerHealthCheck(ConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await connections.OpenAsync(ct);
            await using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT 1";
            await cmd.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Ledger database unreachable.", ex);
        }
    }
}
