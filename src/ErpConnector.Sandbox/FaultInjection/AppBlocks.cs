using ErpConnector.Sandbox.Omie;
using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox.FaultInjection;

/// <summary>
/// MISUSE_API_PROCESS: once Omie blocks an app_key, every call with it is refused until the block ends.
/// A block comes from an injection, or (limits enforced) from an app that keeps calling after being throttled.
/// </summary>
public sealed class AppBlocks(IOptions<SandboxOptions> options)
{
    private static readonly TimeSpan StrikeWindow = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _until = [];
    private readonly Dictionary<string, Queue<DateTimeOffset>> _strikes = [];

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

    /// <summary>Records a throttle fault answered to <paramref name="appKey"/>; enough of them in a minute block it.</summary>
    public void Strike(string appKey, DateTimeOffset now)
    {
        var o = options.Value;
        if (!o.EnforceRateLimits) return;
        lock (_gate)
        {
            if (_until.TryGetValue(appKey, out var until) && now < until) return; // Already blocked: no extension.
            if (!_strikes.TryGetValue(appKey, out var strikes)) _strikes[appKey] = strikes = new Queue<DateTimeOffset>();
            while (strikes.Count > 0 && strikes.Peek() <= now - StrikeWindow) strikes.Dequeue();
            strikes.Enqueue(now);
            if (strikes.Count < o.MisuseAfterThrottleFaults) return;
            strikes.Clear();
            _until[appKey] = now + o.MisuseBlock;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _until.Clear();
            _strikes.Clear();
        }
    }
}
