using System.Diagnostics;

namespace ErpConnector.Benchmarks.Feeds;

/// <summary>Samples the process working set and GC heap every 10 ms during one phase, because
/// Process.PeakWorkingSet64 only knows the peak of the whole process lifetime.</summary>
internal sealed class PeakMemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakWorkingSet;
    private long _peakHeap;

    public PeakMemorySampler()
    {
        _loop = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                process.Refresh();
                _peakWorkingSet = Math.Max(_peakWorkingSet, process.WorkingSet64);
                _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(false));
                try { await Task.Delay(10, _stop.Token); } catch (OperationCanceledException) { }
            }
        });
    }

    public long PeakWorkingSet => _peakWorkingSet;
    public long PeakHeap => _peakHeap;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
