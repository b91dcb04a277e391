using System.Text.RegularExpressions;

namespace ErpConnector.Domain.Errors;

/// <summary>A regex written by an operator: case- and culture-insensitive, and unable to hang the classifier.</summary>
/// <remarks>The syntax is checked when the table loads, so a bad row still stops the service at start with its id;
/// the engine that matches is built at the first match. The linear-time engine costs 0.1-1.5 MB and up to tens of
/// milliseconds per pattern to build (18.6 MB retained and ~200 ms of CPU for the shipped table's 35 patterns,
/// measured; BENCHMARKS.md "Footprint"), while a connector whose Omie calls succeed never tries most rows.</remarks>
internal sealed class TablePattern
{
    private const RegexOptions Common = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;
    // Only reachable by a backtracking pattern (lookaround, backreference) written into the table.
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(200);

    private readonly string _pattern;
    private Regex? _engine;

    private TablePattern(string pattern) => _pattern = pattern;

    /// <summary>Checks the pattern's syntax now (the parser is shared by every engine, so whatever it accepts one of
    /// them can run); the engine is built at the first <see cref="IsMatch"/>.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regex.</exception>
    public static TablePattern Parse(string pattern)
    {
        _ = new Regex(pattern, Common, BacktrackingTimeout);
        return new TablePattern(pattern);
    }

    /// <summary>A timed-out pattern counts as no match: the row is skipped, never the whole classification.</summary>
    public bool IsMatch(string input)
    {
        var engine = Volatile.Read(ref _engine);
        if (engine is null)
        {
            // Two threads may both build it the first time; they match alike, and the first one published stays.
            engine = Build(_pattern);
            engine = Interlocked.CompareExchange(ref _engine, engine, null) ?? engine;
        }
        try
        {
            return engine.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Linear-time matching when the pattern allows it, a compiled backtracking engine with a timeout otherwise.</summary>
    private static Regex Build(string pattern)
    {
        try
        {
            return new Regex(pattern, Common | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, Common | RegexOptions.Compiled, BacktrackingTimeout);
        }
    }
}
