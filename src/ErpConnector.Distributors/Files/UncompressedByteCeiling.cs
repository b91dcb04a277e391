using ErpConnector.Distributors.Feeds;

namespace ErpConnector.Distributors.Files;

/// <summary>Stops a read once more than <c>max</c> bytes came out of <c>inner</c>: the text after decompression,
/// so a small zip that inflates to gigabytes (or whose entry lies about its size) is cut off at the limit rather
/// than parsed to the end.</summary>
internal sealed class UncompressedByteCeiling(Stream inner, long max, string source) : Stream
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));

    private int Count(int n)
    {
        _read += n;
        if (_read > max)
            throw FeedLimitExceededException.Bytes(max, $"{source} gave more than {max:N0} bytes (reading stopped at {_read:N0})");
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
