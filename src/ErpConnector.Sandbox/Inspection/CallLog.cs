namespace ErpConnector.Sandbox.Inspection;

/// <summary>How often each Omie call arrived and how many consumption-control faults were answered.
/// A benchmark of a well-behaved connector must see zero throttle faults.</summary>
public sealed class CallLog
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private int _throttleFaults;

    public void Called(string call)
    {
        lock (_gate) _calls[call] = _calls.GetValueOrDefault(call) + 1;
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
            Interlocked.Exchange(ref _throttleFaults, 0);
        }
    }
}
