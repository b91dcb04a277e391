using System.Buffers;
using System.Buffers.Binary;

namespace ErpConnector.Persistence.Prices;

/// <summary>Staged chunks parked on disk while the feed streams in and the guards have not spoken: the live
/// snapshot and its write lock stay untouched until apply. Deleted on close; a crash leaves only a temp file.</summary>
internal sealed class SpillFile : IDisposable
{
    private readonly FileStream _file;

    public SpillFile(string path) =>
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);

    public void Write(byte[] chunk, int length)
    {
        try
        {
            Span<byte> prefix = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(prefix, length);
            _file.Write(prefix);
            _file.Write(chunk, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Replays every chunk in order; <paramref name="read"/> gets each one (valid during the call).</summary>
    public void ReadAll(Action<byte[], int> read)
    {
        _file.Position = 0;
        Span<byte> prefix = stackalloc byte[4];
        var buffer = ArrayPool<byte>.Shared.Rent(StagedRowEncoder.ChunkSize);
        try
        {
            while (_file.Read(prefix) == 4)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
                _file.ReadExactly(buffer, 0, length);
                read(buffer, length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _file.Dispose();
}
