using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ErpConnector.Omie;

/// <summary>
/// Traces and metrics of Omie calls. ActivitySource <c>ErpConnector.Omie</c>: one span per call ("omie {Method}"),
/// parent of the HTTP client span, so a deal's trace shows each Omie method. Meter <c>ErpConnector.Omie</c>:
/// <c>erpconnector.omie.call.duration</c> (s, by method and outcome), <c>erpconnector.omie.limiter.wait</c>
/// (s, by method), <c>erpconnector.omie.throttle.faults</c> (by method and kind: Blocked, MethodBusy, Redundant,
/// RateLimited, DuplicateInFlight).
/// </summary>
public static class OmieTelemetry
{
    public const string SourceName = "ErpConnector.Omie";
    public const string MeterName = "ErpConnector.Omie";

    public static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>(
        "erpconnector.omie.call.duration", "s", "Omie call latency (HTTP round trip), by method and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private static readonly Histogram<double> LimiterWait = Meter.CreateHistogram<double>(
        "erpconnector.omie.limiter.wait", "s", "Time a call waited for the rate limiter (pause, concurrency, buckets).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300] });

    private static readonly Counter<long> ThrottleFaults = Meter.CreateCounter<long>(
        "erpconnector.omie.throttle.faults", "{fault}", "Omie answers that mean 'slow down' (blocked, busy, redundant, 429).");

    internal static Activity? StartCall(string module, string method)
    {
        var activity = Source.StartActivity("omie " + method, ActivityKind.Internal);
        activity?.SetTag("omie.method", method);
        activity?.SetTag("omie.module", module);
        return activity;
    }

    internal static void RecordWait(string method, long waitMs) =>
        LimiterWait.Record(waitMs / 1000.0, new KeyValuePair<string, object?>("method", method));

    internal static void RecordCall(string method, string outcome, long elapsedMs)
    {
        CallDuration.Record(elapsedMs / 1000.0, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome != "ok") Activity.Current?.SetStatus(ActivityStatusCode.Error, outcome);
    }

    internal static void RecordFault(string method, OmieFaultKind kind, long elapsedMs)
    {
        RecordCall(method, "fault", elapsedMs);
        Activity.Current?.SetTag("omie.fault_kind", kind.ToString());
        if (kind is OmieFaultKind.Blocked or OmieFaultKind.MethodBusy or OmieFaultKind.Redundant or OmieFaultKind.RateLimited or OmieFaultKind.DuplicateInFlight)
            ThrottleFaults.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("kind", kind.ToString()));
    }
}
