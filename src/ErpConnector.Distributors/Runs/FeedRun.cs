using ErpConnector.Distributors.Ingest;

namespace ErpConnector.Distributors.Runs;

/// <summary>One attempt to re-fetch a feed: its progress while it runs and its outcome after.</summary>
public sealed class FeedRun
{
    public string RunId { get; set; } = "";
    public string FeedId { get; set; } = "";
    /// <summary><c>schedule</c>, <c>api</c> or <c>recovery</c>.</summary>
    public string Trigger { get; set; } = "";
    public bool Forced { get; set; }
    public string Status { get; set; } = FeedRunStatus.Queued;
    /// <summary>Machine code of a rejection or failure (see <see cref="FeedRunReasons"/>).</summary>
    public string? Reason { get; set; }
    public string? Message { get; set; }

    public long RowsRead { get; set; }
    public long RowsValid { get; set; }
    public long RowsMalformed { get; set; }
    public long? RowsExpected { get; set; }
    public long Added { get; set; }
    public long Changed { get; set; }
    public long Removed { get; set; }
    public long Unchanged { get; set; }
    public long BytesRead { get; set; }
    public long? BytesTotal { get; set; }
    /// <summary>Snapshot size before the run (the last good run's row count) and after it, had it been applied.</summary>
    public long RowCountBefore { get; set; }
    public long? RowCountAfter { get; set; }
    public IReadOnlyList<MalformedLine> MalformedLines { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }
    public bool EventsPublished { get; set; }

    public bool IsActive => Status is FeedRunStatus.Queued or FeedRunStatus.Running;
}

public static class FeedRunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    /// <summary>Guards passed and the changes (possibly none) are in the snapshot.</summary>
    public const string Applied = "applied";
    /// <summary>Fetched but refused by a guard; the last good snapshot stays.</summary>
    public const string Rejected = "rejected";
    /// <summary>Could not be fetched or opened; the last good snapshot stays.</summary>
    public const string Failed = "failed";
    /// <summary>Stopped by shutdown or a crash before applying; the last good snapshot stays.</summary>
    public const string Interrupted = "interrupted";
}

public static class FeedRunReasons
{
    public const string Empty = "empty";
    public const string RowCountDrop = "row-count-drop";
    public const string TooManyMalformed = "too-many-malformed";
    public const string TooFewRows = "too-few-rows";
    public const string FetchFailed = "fetch-failed";
    /// <summary>More rows than <c>Thresholds:MaxRows</c>; reading stopped at the limit.</summary>
    public const string TooManyRows = "too-many-rows";
    /// <summary>More bytes than <c>Thresholds:MaxUncompressedBytes</c>; reading stopped at the limit.</summary>
    public const string TooManyBytes = "too-many-bytes";
    /// <summary>The distributor refused the credentials (HTTP 401/403, OAuth invalid_client, SFTP login): not a
    /// distributor that is down, retrying cannot help; an operator re-enters them and tests the connection.</summary>
    public const string CredentialsRejected = "credentials-rejected";

    /// <summary>What an operator should do about a run that ended for <paramref name="reason"/>; null when the
    /// message says it all.</summary>
    public static string? ActionFor(string? reason) => reason switch
    {
        CredentialsRejected => Feeds.FeedFetchException.CredentialsAction,
        _ => null,
    };
}
