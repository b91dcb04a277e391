namespace ErpConnector.TestSupport.Http;

/// <summary>A response body HttpClient can only read forward, as from a socket.</summary>
public abstract class ForwardOnlyBody : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A body that never ends (spaces: valid JSON whitespace), produced as it is read; it gives up with an
/// <see cref="IOException"/> after <paramref name="safetyStop"/> bytes, so a client without a size limit fails
/// the spec instead of running out of memory.</summary>
public sealed class EndlessBody(long safetyStop) : ForwardOnlyBody
{
    /// <summary>Bytes handed out so far.</summary>
    public long Given { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (Given > safetyStop) throw new IOException("read far past any sensible limit");
        Array.Fill(buffer, (byte)' ', offset, count);
        Given += count;
        return count;
    }
}

/// <summary>Gives its bytes, then fails as a connection reset would.</summary>
public sealed class BodyLostMidway(byte[] first) : ForwardOnlyBody
{
    private int _given;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_given >= first.Length) throw new IOException("Connection reset by peer");
        var n = Math.Min(count, first.Length - _given);
        Array.Copy(first, _given, buffer, offset, n);
        _given += n;
        return n;
    }
}
