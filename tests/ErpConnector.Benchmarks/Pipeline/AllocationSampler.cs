using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace ErpConnector.Benchmarks.Pipeline;

/// <summary>
/// The runtime's allocation samples (GC AllocationTick: one event per ~100 KB allocated, naming the type that crossed
/// the mark) summed per type, in this process: where the managed allocations per deal go, without an external
/// profiler. Statistical, like any sampler; enabled by the pipeline suite's <c>--allocations</c>.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();
    private volatile bool _recording;

    public void Start() { _bytesByType.Clear(); _recording = true; }

    public void Stop() => _recording = false;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null) return;
        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], CultureInfo.InvariantCulture) : 100_000;
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    /// <summary>The types with the most sampled bytes, as KB per deal.</summary>
    public string Top(int count, int deals)
    {
        var total = _bytesByType.Values.Sum();
        return string.Join('\n', _bytesByType.OrderByDescending(kv => kv.Value).Take(count).Select(kv => string.Create(CultureInfo.InvariantCulture,
            $"{kv.Value / 1024.0 / deals,8:F1} KB/deal {100.0 * kv.Value / total,5:F1}%  {kv.Key}")));
    }
}
