namespace ErpConnector.SalesOs;

/// <summary>Whether SalesOS accepts the connector's API client, for <c>/health/ready</c>. Set broken by a 401 on a
/// fresh token (or a refused token request), healthy again by the next call that succeeds.</summary>
public sealed class SalesOsCredentialState
{
    private volatile Snapshot _current = new(false, null, null);

    public sealed record Snapshot(bool Broken, string? Cause, DateTimeOffset? Since);

    public Snapshot Current => _current;

    public void MarkBroken(string cause, DateTimeOffset now)
    {
        if (!_current.Broken) _current = new Snapshot(true, cause, now);
        else _current = _current with { Cause = cause };
    }

    public void MarkWorking()
    {
        if (_current.Broken) _current = new Snapshot(false, null, null);
    }
}
