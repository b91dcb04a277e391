using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox.Omie.Limits;

/// <summary>Omie's per-minute quotas (official help article): per IP, and per IP + app_key + method. Sliding window.</summary>
public sealed class RateLimits(IOptions<SandboxOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _accepted = [];

    public void AdmitIp(string ip, DateTimeOffset now) => Admit($"ip|{ip}", options.Value.RequestsPerMinutePerIp, now);

    public void AdmitMethod(string ip, string appKey, string call, DateTimeOffset now) =>
        Admit($"method|{ip}|{appKey}|{call.ToLowerInvariant()}", options.Value.RequestsPerMinutePerMethod, now);

    public void Clear()
    {
        lock (_gate) _accepted.Clear();
    }

    private void Admit(string key, int limit, DateTimeOffset now)
    {
        if (!options.Value.EnforceRateLimits) return;
        lock (_gate)
        {
            if (!_accepted.TryGetValue(key, out var times)) _accepted[key] = times = new Queue<DateTimeOffset>();
            while (times.Count > 0 && times.Peek() <= now - Window) times.Dequeue();
            // Refused requests are not counted: only what Omie actually served uses up the quota.
            if (times.Count >= limit) throw new TooManyRequests(Faults.WholeSeconds(times.Peek() + Window - now));
            times.Enqueue(now);
        }
    }
}
