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
    /// <summary>Stable kebab-case id (e.g. <c>omie-redundant</c>), recorded with each verdict and in logs.</summary>
    public string Id { get; }
    /// <summary>What the row recognises and why it acts so, for the person editing the table.</summary>
    public string Description { get; }
    /// <summary>The conditions an error must meet for this row to apply.</summary>
    public ErrorMatch Match { get; }
    /// <summary>What went wrong, as finance and operators read it.</summary>
    public ErrorCategory Category { get; }
    /// <summary>What the processor does next.</summary>
    public ErrorAction Action { get; }
    /// <summary>Attempts before the error becomes a failure; null for no limit of the row's own.</summary>
    public int? MaxAttempts { get; }
    /// <summary>Where the wait is read from the message, if anywhere.</summary>
    public WaitFrom WaitFrom { get; }
    /// <summary>The wait when the message states none (or the row reads none).</summary>
    public int? DefaultWaitSeconds { get; }
    /// <summary>What a person does next, in Portuguese.</summary>
    public string CorrectiveActionPt { get; }
    /// <summary>What a person does next, in English.</summary>
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
