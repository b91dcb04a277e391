using ErpConnector.Distributors.Configuration;

namespace ErpConnector.Distributors.Feeds;

/// <summary>The feed is bigger than a ceiling of its own (<see cref="FeedThresholds.MaxRows"/>,
/// <see cref="FeedThresholds.MaxUncompressedBytes"/>). Thrown while the feed streams in, so reading stops at the
/// limit instead of after a runaway file has filled memory and disk. The run is rejected rather than failed: the
/// source answered, with more than this feed is allowed to bring.</summary>
public sealed class FeedLimitExceededException(string limit, long configured, string seen)
    : Exception($"{seen}; the feed's limit {limit} is {configured:N0}.")
{
    /// <summary>The threshold's name, e.g. <c>MaxRows</c>: the last segment of its configuration key.</summary>
    public string Limit { get; } = limit;
    public long Configured { get; } = configured;
    /// <summary>What was seen when reading stopped, in words ("row 1,001 was read").</summary>
    public string Seen { get; } = seen;

    public static FeedLimitExceededException Rows(long configured, string seen) =>
        new(nameof(FeedThresholds.MaxRows), configured, seen);

    public static FeedLimitExceededException Bytes(long configured, string seen) =>
        new(nameof(FeedThresholds.MaxUncompressedBytes), configured, seen);
}
