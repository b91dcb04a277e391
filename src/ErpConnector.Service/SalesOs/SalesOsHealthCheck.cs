using System.Globalization;
using ErpConnector.Persistence.SalesOs;
using ErpConnector.SalesOs;
using ErpConnector.Service.Webhooks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.SalesOs;

/// <summary>
/// <c>/health/ready</c> "salesos": how long since the last webhook delivery and the last catch-up, the write-back
/// backlog, and Degraded while SalesOS refuses the API client (revoked client, wrong audience) — invoices go on,
/// only the CRM falls behind.
/// </summary>
public sealed class SalesOsHealthCheck(
    IOptions<SalesOsOptions> client,
    IOptionsMonitor<SalesOsWriteBackOptions> writeBack,
    SalesOsCredentialState credential,
    SalesOsSyncStore sync,
    SalesOsWriteBackStore outbox,
    TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var lastWebhook = await sync.LastWebhookDeliveryAsync(SalesOsWebhookEndpoint.Source, ct);
        var parts = new List<string> { $"last webhook delivery: {Ago(lastWebhook, now)}" };
        if (!client.Value.IsConfigured)
        {
            parts.Add("SalesOS API client not configured (SalesOS:ClientId): no write-back, no catch-up");
            return HealthCheckResult.Healthy(string.Join("; ", parts));
        }
        var cursor = await sync.GetAsync(SalesOsCatchUpJob.CursorName, ct);
        parts.Add($"last catch-up: {Ago(cursor?.LastRunAt, now)}{(cursor is { LastFound: > 0 } c ? $" (found {c.LastFound} deals the webhook never delivered: is the webhook deactivated? {SalesOsCatchUpJob.WebhookSettings})" : "")}");
        if (writeBack.CurrentValue.Enabled)
        {
            var (pending, oldest) = await outbox.BacklogAsync(ct);
            parts.Add($"write-backs pending: {pending.ToString(CultureInfo.InvariantCulture)}{(oldest is { } o ? $", oldest {Ago(o, now)}" : "")}");
        }
        var state = credential.Current;
        if (state.Broken)
        {
            parts.Insert(0, $"SalesOS refuses the API client since {state.Since:O}: {state.Cause}");
            return HealthCheckResult.Degraded(string.Join("; ", parts));
        }
        return HealthCheckResult.Healthy(string.Join("; ", parts));
    }

    private static string Ago(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } t ? $"{(long)Math.Max(0, (now - t).TotalSeconds)} s ago" : "never";
}
