namespace ErpConnector.Sandbox.Inspection;

/// <summary>How often each Omie call arrived, how many are held right now by an injected delay, and how many
/// consumption-control faults were answered. A benchmark of a well-behaved connector must see zero throttle faults.</summary>
public sealed class CallLog
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, int>> _byRecord = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _held = new(StringComparer.Ordinal);
    private int _throttleFaults;

    /// <param name="call">The method as sent.</param>
    /// <param name="record">The record the call names (cCodIntOS or nCodOS, a customer code…), when it names one:
    /// lets a spec assert "no StatusOS for this order".</param>
    public void Called(string call, string? record = null)
    {
        lock (_gate)
        {
            _calls[call] = _calls.GetValueOrDefault(call) + 1;
            if (record is null) return;
            if (!_byRecord.TryGetValue(record, out var calls)) _byRecord[record] = calls = new(StringComparer.Ordinal);
            calls[call] = calls.GetValueOrDefault(call) + 1;
        }
    }

    /// <summary>Calls per method that named any of <paramref name="records"/> (an order by its code and by its id).</summary>
    public IReadOnlyDictionary<string, int> For(params string?[] records)
    {
        var sum = new SortedDictionary<string, int>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var record in records.Distinct())
            {
                if (record is null || !_byRecord.TryGetValue(record, out var calls)) continue;
                foreach (var (call, n) in calls) sum[call] = sum.GetValueOrDefault(call) + n;
            }
        }
        return sum;
    }

    /// <summary>Counts the call as held by an injected delay until the result is disposed. "Arrived" is not enough
    /// for a spec that needs a call in flight: an arrived call has not yet passed the limits, and a second call can
    /// overtake it there; a held one has passed them and holds its slot.</summary>
    public IDisposable Held(string call)
    {
        lock (_gate) _held[call] = _held.GetValueOrDefault(call) + 1;
        return new ReleaseOnDispose(() =>
        {
            // A reset meanwhile already forgot it.
            lock (_gate) if (_held.GetValueOrDefault(call) > 0) _held[call]--;
        });
    }

    public IReadOnlyDictionary<string, int> HeldNow
    {
        get { lock (_gate) return new Dictionary<string, int>(_held); }
    }

    public void ThrottleFault() => Interlocked.Increment(ref _throttleFaults);

    public IReadOnlyDictionary<string, int> Calls
    {
        get { lock (_gate) return new Dictionary<string, int>(_calls); }
    }

    public int ThrottleFaults => Volatile.Read(ref _throttleFaults);

    public void Clear()
    {
        lock (_gate)
        {
            _calls.Clear();
            _byRecord.Clear();
            _held.Clear();
            Interlocked.Exchange(ref _throttleFaults, 0);
        }
    }
}
