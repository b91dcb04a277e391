using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ErpConnector.Service.Health;

public static class HealthEndpoints
{
    public static IServiceCollection AddConnectorHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<LedgerHealthCheck>("ledger", tags: ["ready"])
            .AddCheck<OmieAccessHealthCheck>("omie-access", tags: ["ready"]);
        return services;
    }

    /// <summary>/health/live: the process runs. /health/ready: bus, ledger and Omie access, with each check's state.</summary>
    public static IEndpointRouteBuilder MapConnectorHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                // Degraded still serves traffic; the body says why.
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteJsonAsync,
        });
        return app;
    }

    private static Task WriteJsonAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, JsonSerializerOptions.Web));
    }
}
