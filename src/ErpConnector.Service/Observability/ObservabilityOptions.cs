namespace ErpConnector.Service.Observability;

/// <summary>Bound from "Observability".</summary>
public sealed class ObservabilityOptions
{
    public const string SectionName = "Observability";

    /// <summary>service.name of traces and metrics.</summary>
    public string ServiceName { get; set; } = "erp-connector";

    public PrometheusOptions Prometheus { get; set; } = new();

    /// <summary>OTLP endpoint (e.g. http://otel-collector:4317). Empty: no OTLP export, unless the standard
    /// OTEL_EXPORTER_OTLP_ENDPOINT environment variable is set.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Record spans (bus messages, Omie calls, HTTP requests). Unset: only when OTLP export is configured
    /// (spans nobody exports cost work on every step of every deal); true also records them for in-process listeners
    /// (dotnet-monitor, tests) without an exporter.</summary>
    public bool? Tracing { get; set; }

    /// <summary>Distinct tag combinations kept per metric (e.g. route × method × status for HTTP requests); more are
    /// counted under <c>otel.metric.overflow=true</c>. Every metric preallocates this many points.</summary>
    public int MetricCardinalityLimit { get; set; } = 500;

    /// <summary>How long a successful Omie reachability probe is trusted by /health/ready.</summary>
    public TimeSpan OmieProbeCacheFor { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one reachability probe.</summary>
    public TimeSpan OmieProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

public sealed class PrometheusOptions
{
    public bool Enabled { get; set; } = true;

    public string Path { get; set; } = "/metrics";

    /// <summary>When true, scraping needs an API key or JWT (any scope).</summary>
    public bool RequireAuthentication { get; set; }
}
