using ErpConnector.Omie;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Observability;

/// <summary>
/// Omie's host answers HTTP at all (any status counts: this is reachability, not an API call, so it spends none of
/// Omie's rate budget). The verdict is cached for <see cref="ObservabilityOptions.OmieProbeCacheFor"/> so frequent
/// readiness probes do not hammer Omie. Unreachable is Degraded, not Unhealthy: deals wait and retry, nothing is lost.
/// </summary>
public sealed class OmieReachabilityHealthCheck(IOptions<OmieOptions> omie, IOptions<ObservabilityOptions> options, TimeProvider clock) : IHealthCheck, IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = options.Value.OmieProbeTimeout,
    };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? _cached;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (Fresh() is { } cached) return cached;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh() is { } again) return again;
            var result = await ProbeAsync(ct);
            _cached = (clock.GetUtcNow(), result);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private HealthCheckResult? Fresh() =>
        _cached is { } c && clock.GetUtcNow() - c.At < options.Value.OmieProbeCacheFor ? c.Result : null;

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken ct)
    {
        var target = new Uri(omie.Value.BaseUrl);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, target);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return HealthCheckResult.Healthy($"Omie host {target.Host} answered HTTP {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Degraded($"Omie host {target.Host} unreachable: {ex.GetType().Name}.");
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }
}
