using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace ErpConnector.Service.Observability;

/// <summary>Unhealthy when the Quartz scheduler (sweeper of due deals, feed jobs) is not running.</summary>
public sealed class QuartzSchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            if (scheduler.IsShutdown) return HealthCheckResult.Unhealthy("Quartz scheduler is shut down.");
            if (!scheduler.IsStarted || scheduler.InStandbyMode) return HealthCheckResult.Unhealthy("Quartz scheduler is not started (standby).");
            return HealthCheckResult.Healthy($"Quartz scheduler '{scheduler.SchedulerName}' running.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Quartz scheduler unavailable.", ex);
        }
    }
}
