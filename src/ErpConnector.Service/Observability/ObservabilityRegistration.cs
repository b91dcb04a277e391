using System.Runtime.CompilerServices;
using ErpConnector.Distributors.Status;
using ErpConnector.Omie;
using ErpConnector.Service.Security;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ErpConnector.Service.Observability;

public static class ObservabilityRegistration
{
    /// <summary>
    /// OpenTelemetry traces (ASP.NET Core, outgoing HTTP — Omie via RestSharp and the distributors' HttpClient —,
    /// MassTransit, the Omie client) with W3C trace context propagated on every HTTP call and bus message;
    /// metrics of the same plus the connector's own meters, for Prometheus and, when configured, OTLP.
    /// Logs carry TraceId/SpanId and scopes (DealId, EventId, FeedId, CorrelationId).
    /// Also the readiness checks this adds: Quartz scheduler and Omie reachability.
    /// </summary>
    public static WebApplicationBuilder AddConnectorObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection(ObservabilityOptions.SectionName).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.SectionName).ValidateOnStart()
            .Validate(o => o.Prometheus.Path.StartsWith('/'), $"{ObservabilityOptions.SectionName}:Prometheus:Path must start with '/'.")
            .Validate(o => o.OmieProbeCacheFor >= TimeSpan.Zero && o.OmieProbeTimeout > TimeSpan.Zero,
                $"{ObservabilityOptions.SectionName}:OmieProbeCacheFor must be >= 0 and OmieProbeTimeout > 0.")
            .Validate(o => o.MetricCardinalityLimit > 0,
                $"{ObservabilityOptions.SectionName}:MetricCardinalityLimit must be > 0 (distinct tag combinations kept per metric, e.g. 500).");
        services.AddSingleton<ConnectorMetrics>();

        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var otlp = !string.IsNullOrWhiteSpace(options.OtlpEndpoint)
                   || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName));
        // Spans are recorded only when there is somewhere to send them (OTLP, or Observability:Tracing): a tracer
        // provider without an exporter listened to every bus message, Omie call and request and sampled each span
        // into nothing — in the pipeline benchmark that was work on every step of every deal. W3C context still
        // flows wherever an activity exists (an HTTP request's own, or any listener's).
        if (options.Tracing ?? otlp)
            telemetry.WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = http =>
                        !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments(options.Prometheus.Path))
                    .AddHttpClientInstrumentation()
                    .AddSource("MassTransit")
                    .AddSource(OmieTelemetry.SourceName);
                if (otlp) AddOtlpExporter(t, options);
            });
        telemetry
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(ConnectorMetrics.MeterName, OmieTelemetry.MeterName, FeedMetrics.MeterName, "MassTransit")
                    // Each metric stream preallocates its limit's points: at OpenTelemetry's default (2,000) the ~90
                    // streams held 16 MB of an idle connector's heap (BENCHMARKS.md "Footprint"). A combination past
                    // the limit is counted under otel.metric.overflow=true, not dropped.
                    .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = options.MetricCardinalityLimit });
                if (options.Prometheus.Enabled) m.AddPrometheusExporter();
                if (otlp) AddOtlpExporter(m, options);
            });

        services.AddSingleton<OmieReachabilityHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<QuartzSchedulerHealthCheck>("scheduler", tags: ["ready"])
            .AddCheck<OmieReachabilityHealthCheck>("omie-reachable", tags: ["ready"]);
        return builder;
    }

    // Apart, so the OTLP exporter's assembly is loaded (and its code compiled) only when an endpoint is configured:
    // the JIT resolves every call in a method it compiles, taken or not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOtlpExporter(TracerProviderBuilder tracing, ObservabilityOptions options) =>
        tracing.AddOtlpExporter(o => ConfigureOtlp(o, options));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOtlpExporter(MeterProviderBuilder metrics, ObservabilityOptions options) =>
        metrics.AddOtlpExporter(o => ConfigureOtlp(o, options));

    private static void ConfigureOtlp(OtlpExporterOptions o, ObservabilityOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)) o.Endpoint = new Uri(options.OtlpEndpoint);
    }

    /// <summary>Correlation ids on every request; call early, before the endpoints.</summary>
    public static IApplicationBuilder UseConnectorCorrelation(this IApplicationBuilder app) =>
        app.UseMiddleware<CorrelationIdMiddleware>();

    /// <summary>/metrics (or the configured path) for Prometheus; open unless Prometheus:RequireAuthentication.</summary>
    public static IEndpointRouteBuilder MapConnectorMetrics(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ObservabilityOptions>>().Value;
        if (!options.Prometheus.Enabled) return app;
        var endpoint = app.MapPrometheusScrapingEndpoint(options.Prometheus.Path);
        if (options.Prometheus.RequireAuthentication) endpoint.RequireAuthorization(SecurityRegistration.AuthenticatedPolicy);
        else endpoint.AllowAnonymous();
        return app;
    }
}
