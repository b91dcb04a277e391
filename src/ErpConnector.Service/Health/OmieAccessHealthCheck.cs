using ErpConnector.Omie;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ErpConnector.Service.Health;

/// <summary>Degraded while Omie has blocked the app_key (MISUSE_API_PROCESS): deals wait, nothing is lost.</summary>
public sealed class OmieAccessHealthCheck(OmieRateLimiter limiter, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(limiter.IsPaused && limiter.PausedUntil is { } until && until > clock.GetUtcNow()
            ? HealthCheckResult.Degraded($"Omie calls paused until {until:O}: {limiter.PauseReason}")
            : HealthCheckResult.Healthy("Omie calls flowing."));
}
