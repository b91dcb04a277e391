namespace ErpConnector.Sandbox;

/// <summary>Something held until disposed (an in-flight slot, a held call); the release runs once, however often it is disposed.</summary>
internal sealed class ReleaseOnDispose(Action release) : IDisposable
{
    public static readonly ReleaseOnDispose None = new(() => { });
    private Action? _release = release;

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
