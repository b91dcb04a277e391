namespace ErpConnector.Sandbox.FaultInjection;

/// <summary>The armed injections. Each call takes at most one per stage, oldest first, so a test can queue a script.</summary>
public sealed class InjectionBoard(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly List<Injection> _armed = [];

    public void Arm(Injection injection)
    {
        lock (_gate)
        {
            if (injection.Kind == InjectionKinds.CityUnavailable)
            {
                injection.Until = clock.GetUtcNow().AddSeconds(injection.Seconds);
            }
            _armed.Add(injection);
        }
    }

    /// <summary>Consumes one use of the oldest matching injection and returns it, or null when none is armed.</summary>
    public Injection? Take(string kind, string? call)
    {
        lock (_gate)
        {
            var hit = _armed.FirstOrDefault(i => i.Matches(kind, call));
            if (hit is null) return null;
            hit.Count--;
            if (hit.Count == 0) _armed.Remove(hit);
            return hit;
        }
    }

    /// <summary>Consumes one use of the oldest push injection of <paramref name="kind"/> for <paramref name="topic"/>.</summary>
    public Injection? TakePush(string kind, string topic)
    {
        lock (_gate)
        {
            var hit = _armed.FirstOrDefault(i => i.MatchesPush(kind, topic));
            if (hit is null) return null;
            hit.Count--;
            if (hit.Count == 0) _armed.Remove(hit);
            return hit;
        }
    }

    /// <summary>Whether the city's webservice is "down" at the instant an RPS is processed.</summary>
    public bool CityUnavailableAt(DateTimeOffset instant)
    {
        lock (_gate)
        {
            return _armed.Any(i => i.Kind == InjectionKinds.CityUnavailable && instant < i.Until);
        }
    }

    public IReadOnlyList<Injection> Snapshot()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            _armed.RemoveAll(i => i.Until is { } until && until <= now);
            return [.. _armed];
        }
    }

    public void Clear()
    {
        lock (_gate) _armed.Clear();
    }
}
