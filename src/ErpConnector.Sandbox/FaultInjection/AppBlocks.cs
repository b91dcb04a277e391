using ErpConnector.Sandbox.Omie;

namespace ErpConnector.Sandbox.FaultInjection;

/// <summary>MISUSE_API_PROCESS: once Omie blocks an app_key, every call with it is refused until the block ends.</summary>
public sealed class AppBlocks
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _until = [];

    public OmieFault Block(string appKey, DateTimeOffset now, int seconds)
    {
        lock (_gate) _until[appKey] = now.AddSeconds(seconds);
        return Faults.Misuse(Math.Max(1, seconds));
    }

    public void ThrowIfBlocked(string appKey, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_until.TryGetValue(appKey, out var until) && now < until) throw Faults.Misuse(Faults.WholeSeconds(until - now));
        }
    }

    public void Clear()
    {
        lock (_gate) _until.Clear();
    }
}
