using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox.Omie.Limits;

/// <summary>
/// Omie's in-flight limits: at most N simultaneous calls per IP + app_key + method (Client-1880), and no two
/// writes of the same record at once (Client-1100, which the connector must answer by re-querying later).
/// </summary>
public sealed class ConcurrencyLimits(IOptions<SandboxOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _running = [];
    private readonly HashSet<string> _writing = [];

    /// <summary>Claims a slot for the call; dispose the result when the call ends, whatever the outcome.</summary>
    public IDisposable Enter(string ip, string appKey, OmieMethod method, JsonObject param, DateTimeOffset now)
    {
        var o = options.Value;
        if (!o.EnforceRateLimits) return ReleaseOnDispose.None;
        var slot = $"{ip}|{appKey}|{method.Call}";
        var record = method.Kind == CallKind.Write && method.RecordKey(param) is { } key ? $"{appKey}|{method.Service}|{key}" : null;
        lock (_gate)
        {
            if (record is not null && _writing.Contains(record)) throw Faults.AlreadyProcessing(now.AddSeconds(o.InFlightRetrySeconds));
            if (_running.GetValueOrDefault(slot) >= o.ConcurrentRequestsPerMethod) throw Faults.MethodBusy();
            _running[slot] = _running.GetValueOrDefault(slot) + 1;
            if (record is not null) _writing.Add(record);
        }
        return new ReleaseOnDispose(() =>
        {
            lock (_gate)
            {
                _running[slot]--;
                if (record is not null) _writing.Remove(record);
            }
        });
    }

    public void Clear()
    {
        lock (_gate)
        {
            _running.Clear();
            _writing.Clear();
        }
    }
}
