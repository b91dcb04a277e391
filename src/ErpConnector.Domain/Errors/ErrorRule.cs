namespace ErpConnector.Domain.Errors;

/// <summary>One row of the error classification table.</summary>
public sealed class ErrorRule
{
    // Rows without a wait always give the same verdict: built once, so classifying allocates nothing.
    private readonly ErrorClassification _fixedVerdict;
    // Named once: classifying a wait must allocate only the verdict.
    private readonly string _waitSource;

    internal ErrorRule(int rowNumber, string id, string description, ErrorMatch match, ErrorCategory category,
        ErrorAction action, int? maxAttempts, WaitFrom waitFrom, int? defaultWaitSeconds,
        string correctiveActionPt, string correctiveActionEn)
    {
        RowNumber = rowNumber;
        Id = id;
        Description = description;
        Match = match;
        Category = category;
        Action = action;
        MaxAttempts = maxAttempts;
        WaitFrom = waitFrom;
        DefaultWaitSeconds = defaultWaitSeconds;
        CorrectiveActionPt = correctiveActionPt;
        CorrectiveActionEn = correctiveActionEn;
        _waitSource = $"Error table row '{id}'";
        _fixedVerdict = new ErrorClassification(id, category, action, correctiveActionPt, correctiveActionEn, null, maxAttempts);
    }

    /// <summary>1-based position in the table; rows are tried in this order.</summary>
    public int RowNumber { get; }
    public string Id { get; }
    public string Description { get; }
    public ErrorMatch Match { get; }
    public ErrorCategory Category { get; }
    public ErrorAction Action { get; }
    public int? MaxAttempts { get; }
    public WaitFrom WaitFrom { get; }
    /// <summary>The wait when the message states none (or the row reads none).</summary>
    public int? DefaultWaitSeconds { get; }
    public string CorrectiveActionPt { get; }
    public string CorrectiveActionEn { get; }

    internal ErrorClassification Classify(string message, DateTimeOffset now, StatedWaitLimit waitLimit)
    {
        if (WaitFrom == WaitFrom.None && DefaultWaitSeconds is null)
            return _fixedVerdict;
        var stated = WaitFrom switch
        {
            WaitFrom.SecondsInMessage => StatedWait.FromDuration(message, now),
            WaitFrom.ClockTimeInMessage => StatedWait.FromClockTime(message, now),
            _ => null,
        };
        var waitUntil = stated ?? (DefaultWaitSeconds is { } seconds ? now.AddSeconds(seconds) : null);
        // The row's default is capped too: an operator's table may hold a default longer than the limit.
        if (waitUntil is { } until)
            waitUntil = waitLimit.Apply(until, now, _waitSource);
        return _fixedVerdict with { WaitUntil = waitUntil };
    }
}
