using ErpConnector.Distributors.Runs;

namespace ErpConnector.Distributors.Tests;

internal static class FeedAssert
{
    public static void Applied(FeedRun? run) =>
        Assert.True(run?.Status == FeedRunStatus.Applied, $"run {run?.RunId} is {run?.Status} ({run?.Reason}): {run?.Message}");
}
