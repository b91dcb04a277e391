namespace ErpConnector.Domain.Errors;

/// <summary>
/// Turns any error the connector sees (Omie fault, city message, HTTP status, lost connection) into a category and
/// an action by the first matching row of <c>error-classification.json</c>, a table people read and extend
/// without touching code. Thread-safe; load once at start-up.
/// </summary>
public sealed class ErrorClassifier
{
    /// <summary>Where the table sits beside the binaries.</summary>
    public const string DefaultFileRelativePath = "Errors/error-classification.json";
    private const string ResourceName = "ErpConnector.Domain.Errors.error-classification.json";

    private readonly ErrorRule[] _rules;
    private readonly StatedWaitLimit _waitLimit;

    private ErrorClassifier(ErrorRule[] rules, StatedWaitLimit waitLimit)
    {
        _rules = rules;
        _waitLimit = waitLimit;
    }

    /// <summary>The table's rows in the order they are tried; the last is the catch-all.</summary>
    public IReadOnlyList<ErrorRule> Rules => _rules;

    /// <summary>The longest <see cref="ErrorClassification.WaitUntil"/> this classifier gives.</summary>
    public TimeSpan MaxStatedWait => _waitLimit.Longest;

    /// <summary>The table embedded in this assembly.</summary>
    /// <param name="waitLimit">Caps every <see cref="ErrorClassification.WaitUntil"/>; <see cref="StatedWaitLimit.Default"/> when null.</param>
    public static ErrorClassifier LoadDefault(StatedWaitLimit? waitLimit = null)
    {
        using var stream = typeof(ErrorClassifier).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from {typeof(ErrorClassifier).Assembly.GetName().Name}.");
        return Load(stream, waitLimit);
    }

    /// <summary>An operator's copy of the table, e.g. <see cref="DefaultFileRelativePath"/> under the application's directory.</summary>
    public static ErrorClassifier LoadFile(string path, StatedWaitLimit? waitLimit = null)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, waitLimit);
    }

    /// <exception cref="ErrorTableException">The table is malformed; the message names the row.</exception>
    public static ErrorClassifier Load(Stream json, StatedWaitLimit? waitLimit = null)
        => new(ErrorTableReader.Read(json), waitLimit ?? StatedWaitLimit.Default);

    /// <summary>The verdict of the first row that matches; never fails, since the last row matches everything.</summary>
    /// <param name="observation">The error as seen.</param>
    /// <param name="now">The moment stated waits are counted from (a clock time in the message is read against it).</param>
    public ErrorClassification Classify(ErrorObservation observation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var code = observation.Code?.Trim() ?? "";
        var message = observation.Message ?? "";
        foreach (var rule in _rules)
            if (rule.Match.Matches(observation, code, message))
                return rule.Classify(message, now, _waitLimit);
        // The reader guarantees a final catch-all row.
        throw new InvalidOperationException("The error table has no catch-all row.");
    }
}
