namespace ErpConnector.Distributors.Status;

/// <summary>One rule for "stale" used by the API, the health check and the metrics alike. A feed that never
/// had a good run is stale: resellers would be quoting without its prices.</summary>
public static class FeedStaleness
{
    public static bool IsStale(DateTimeOffset? lastGoodAt, TimeSpan staleAfter, DateTimeOffset now) =>
        lastGoodAt is not { } at || now - at > staleAfter;
}
