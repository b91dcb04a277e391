using ErpConnector.Distributors.Feeds;

namespace ErpConnector.Benchmarks.Feeds;

/// <summary>Parse-only baseline: takes every row and does nothing with it.</summary>
internal sealed class CountingSink : IFeedRowSink
{
    public long Rows;
    public long Malformed;
    private decimal _checksum;

    public decimal Checksum => _checksum;

    public void Accept(in FeedRecord record)
    {
        Rows++;
        _checksum += record.Price; // keeps the parse from being optimised away
    }

    public void Reject(long line, string reason, ReadOnlySpan<char> raw) => Malformed++;
    public void Progress(long bytesRead, long? total) { }
}
