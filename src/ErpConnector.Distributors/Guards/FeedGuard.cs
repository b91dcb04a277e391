using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Runs;

namespace ErpConnector.Distributors.Guards;

/// <summary>Decides whether a fetched feed is safe to apply. Nothing here touches data: a "no" means the
/// last good snapshot simply stays.</summary>
public static class FeedGuard
{
    public static FeedVerdict Evaluate(FeedThresholds t, FeedRunCounts c)
    {
        if (c.RowsValid == 0)
            return FeedVerdict.Reject(FeedRunReasons.Empty,
                c.RowsRead == 0 ? "The feed has no rows." : $"None of the {c.RowsRead} rows could be used.");

        var malformedShare = c.RowsRead == 0 ? 0 : 100.0 * c.RowsMalformed / c.RowsRead;
        if (c.RowsMalformed > t.MaxMalformedRows || malformedShare > t.MaxMalformedPercent)
            return FeedVerdict.Reject(FeedRunReasons.TooManyMalformed,
                $"{c.RowsMalformed} of {c.RowsRead} rows are malformed ({malformedShare:0.##}%); the limit is {t.MaxMalformedRows} rows or {t.MaxMalformedPercent:0.##}%.");

        if (c.RowCountBefore > 0)
        {
            var floor = c.RowCountBefore * (1 - t.MaxDropPercent / 100.0);
            if (c.RowCountAfter < floor)
            {
                var drop = 100.0 * (c.RowCountBefore - c.RowCountAfter) / c.RowCountBefore;
                return FeedVerdict.Reject(FeedRunReasons.RowCountDrop,
                    $"The catalogue would drop from {c.RowCountBefore} to {c.RowCountAfter} rows ({drop:0.##}% fewer); the limit is {t.MaxDropPercent:0.##}%.");
            }
        }

        if (c.RowCountAfter < t.MinRows)
            return FeedVerdict.Reject(FeedRunReasons.TooFewRows,
                $"The catalogue would have {c.RowCountAfter} rows; at least {t.MinRows} are required.");

        return FeedVerdict.Accept;
    }
}

public readonly record struct FeedRunCounts(long RowsRead, long RowsValid, long RowsMalformed, long RowCountBefore, long RowCountAfter);

public sealed record FeedVerdict(bool Accepted, string? Reason, string? Message)
{
    public static readonly FeedVerdict Accept = new(true, null, null);
    public static FeedVerdict Reject(string reason, string message) => new(false, reason, message);
}
