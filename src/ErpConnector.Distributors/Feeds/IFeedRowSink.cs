namespace ErpConnector.Distributors.Feeds;

/// <summary>Where an adapter pushes what it reads. Calls come from one thread, in feed order.</summary>
public interface IFeedRowSink
{
    void Accept(in FeedRecord record);

    /// <summary>A row that could not be parsed; <paramref name="raw"/> is the row as received (trimmed for display).</summary>
    void Reject(long line, string reason, ReadOnlySpan<char> raw);

    /// <summary>Transfer progress; <paramref name="total"/> is null when the source does not say.</summary>
    void Progress(long bytesRead, long? total);

    /// <summary>How many rows the source announces (REST record count), when it does.</summary>
    void ExpectRows(long total) { }
}
