using System.Diagnostics.Metrics;
using ErpConnector.Service.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Tests;

/// <summary>Observability alone (no broker, no database) on an in-memory test server.</summary>
public sealed class ObservabilityOptionsTests
{
    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddConnectorObservability();
        var app = builder.Build();
        app.MapConnectorMetrics();
        return app;
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void a_metric_cardinality_limit_below_one_stops_start_up_naming_the_key(string limit)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build(new() { ["Observability:MetricCardinalityLimit"] = limit }));
        Assert.Contains("Observability:MetricCardinalityLimit", error.Message);
    }

    [Fact]
    public async Task combinations_past_the_limit_are_counted_as_overflow_not_dropped()
    {
        await using var app = Build(new() { ["Observability:MetricCardinalityLimit"] = "3" });
        await app.StartAsync();
        using var meter = new Meter(ConnectorMetrics.MeterName);
        var counter = meter.CreateCounter<long>("footprint_spec_events");
        for (var i = 0; i < 10; i++)
            counter.Add(1, new KeyValuePair<string, object?>("kind", $"k{i}"));
        using var client = app.GetTestClient();
        var metrics = await client.GetStringAsync("/metrics");
        var series = metrics.Split('\n').Where(l => l.StartsWith("footprint_spec_events", StringComparison.Ordinal)).ToList();
        Assert.Contains(series, l => l.Contains("otel_metric_overflow=\"true\"", StringComparison.Ordinal));
        // Every event is counted: the kept combinations plus the overflow series add up to all ten.
        Assert.Equal(10, series.Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "http://127.0.0.1:4317", true)]
    [InlineData("true", null, true)]
    [InlineData("false", "http://127.0.0.1:4317", false)]
    public void spans_are_recorded_only_when_something_takes_them(string? tracing, string? otlp, bool recorded)
    {
        // A tracer provider without an exporter sampled every bus message, Omie call and request into nothing.
        using var app = Build(new() { ["Observability:Tracing"] = tracing, ["Observability:OtlpEndpoint"] = otlp });
        Assert.Equal(recorded, app.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)) is not null);
    }
}
