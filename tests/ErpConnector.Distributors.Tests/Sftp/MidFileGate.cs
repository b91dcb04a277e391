using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Feeds;

namespace ErpConnector.Distributors.Tests.Sftp;

/// <summary>Holds a download still at its first bytes — inside the real file adapter's copy loop, through the progress
/// it reports — until the spec has done what it wants to happen mid-file (cut the SSH session, rotate a credential).
/// A positive signal instead of a race against a fast loopback transfer.</summary>
public sealed class MidFileGate
{
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _release = new(false);
    private volatile bool _armed;

    /// <summary>The next download stops after its first chunk until <see cref="Release"/>.</summary>
    public Task ArmAsync()
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _release.Reset();
        _armed = true;
        return _reached.Task;
    }

    public void Release() => _release.Set();

    internal void OnProgress(long read, long? total)
    {
        if (!_armed || read <= 0 || read >= total) return;
        _armed = false;
        _reached.TrySetResult();
        if (!_release.Wait(TimeSpan.FromMinutes(2))) throw new TimeoutException("The spec never released the held download.");
    }

    /// <summary>The real file adapter, its progress passing through the gate.</summary>
    public sealed class Adapter(Files.FilePriceFeedAdapter inner, MidFileGate gate) : IPriceFeedAdapter
    {
        public string Kind => inner.Kind;
        public bool ParsesLocalCopy => inner.ParsesLocalCopy;
        public Task ReadAsync(PriceFeedOptions feed, IFeedRowSink sink, CancellationToken ct) => inner.ReadAsync(feed, new Sink(sink, gate), ct);
        public Task<ConnectionCheck> TestConnectionAsync(PriceFeedOptions feed, CancellationToken ct) => inner.TestConnectionAsync(feed, ct);
    }

    private sealed class Sink(IFeedRowSink inner, MidFileGate gate) : IFeedRowSink
    {
        public void Accept(in FeedRecord record) => inner.Accept(record);
        public void Reject(long line, string reason, ReadOnlySpan<char> raw) => inner.Reject(line, reason, raw);
        public void ExpectRows(long total) => inner.ExpectRows(total);
        public void Progress(long bytesRead, long? total)
        {
            inner.Progress(bytesRead, total);
            gate.OnProgress(bytesRead, total);
        }
    }
}
