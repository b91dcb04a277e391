using ErpConnector.Distributors.Runs;

namespace ErpConnector.Distributors.Status;

/// <summary>What is wrong with a feed after its last run, told apart by who has to act: rejected credentials need an
/// operator (the next run would be refused the same way), a distributor that is down passes by itself.</summary>
/// <param name="Kind"><c>credentials-rejected</c>, <c>distributor-unavailable</c> or <c>feed-rejected</c>.</param>
/// <param name="Message">The last run's own message.</param>
/// <param name="Action">What to do about it, in plain words.</param>
public sealed record FeedProblem(string Kind, string Message, string Action)
{
    public const string CredentialsRejected = FeedRunReasons.CredentialsRejected;
    public const string DistributorUnavailable = "distributor-unavailable";
    public const string FeedRejected = "feed-rejected";

    /// <summary>Null when the last run was applied (or none has finished yet).</summary>
    public static FeedProblem? Of(FeedRun? lastRun) => lastRun switch
    {
        { Status: FeedRunStatus.Failed, Reason: FeedRunReasons.CredentialsRejected } => new(CredentialsRejected, lastRun.Message ?? "",
            Feeds.FeedFetchException.CredentialsAction),
        { Status: FeedRunStatus.Failed } => new(DistributorUnavailable, lastRun.Message ?? "",
            "Nothing, unless it persists: the next run tries again and the last good snapshot stays. Test the connection to see whether the distributor answers."),
        { Status: FeedRunStatus.Rejected } => new(FeedRejected, lastRun.Message ?? "",
            "Look at the run's outcome; if the feed is right after all, re-fetch it with force."),
        _ => null,
    };
}
