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
            var status = await scheduler.GetStatus(ct);
            return status == SchedulerStatus.Running
                ? HealthCheckResult.Healthy($"Quartz scheduler '{scheduler.SchedulerName}' running.")
                : HealthCheckResult.Unhealthy($"Quartz scheduler '{scheduler.SchedulerName}' is {status}, not running: due deals are not swept.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Quartz scheduler unavailable.", ex);
        }
    }
}
