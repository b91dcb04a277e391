using System.Text.RegularExpressions;

namespace ErpConnector.Domain.Errors;

/// <summary>Regexes written by operators: case- and culture-insensitive, and unable to hang the classifier.</summary>
internal static class TablePattern
{
    private const RegexOptions Common = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;
    // Only reachable by a backtracking pattern (lookaround, backreference) written into the table.
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Linear-time matching when the pattern allows it, a compiled backtracking engine with a timeout otherwise.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regex.</exception>
    public static Regex Compile(string pattern)
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

    /// <summary>A timed-out pattern counts as no match: the row is skipped, never the whole classification.</summary>
    public static bool IsMatch(Regex regex, string input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
