namespace ErpConnector.Domain.Errors;

/// <summary>A table's <c>faultCode</c>/<c>cityCode</c>: a regex when it starts with <c>^</c>, otherwise an exact, case-insensitive code.</summary>
internal sealed class CodeMatcher
{
    // Characters that betray a regex written without its leading ^, which would silently never match.
    private static readonly char[] RegexOnly = ['^', '$', '*', '+', '?', '|', '(', ')', '[', ']', '{', '}', '\\'];

    private readonly string? _exact;
    private readonly TablePattern? _regex;

    private CodeMatcher(string? exact, TablePattern? regex)
    {
        _exact = exact;
        _regex = regex;
    }

    /// <exception cref="ArgumentException">A bad regex, or an exact code that looks like a regex.</exception>
    public static CodeMatcher Parse(string value)
    {
        if (value.StartsWith('^'))
            return new CodeMatcher(null, TablePattern.Parse(value));
        if (value.IndexOfAny(RegexOnly) >= 0)
            throw new ArgumentException($"'{value}' looks like a regex; start it with ^ (e.g. ^{value}$) or write the exact code");
        return new CodeMatcher(value.Trim(), null);
    }

    public bool IsMatch(string code) =>
        _regex is null ? string.Equals(code, _exact, StringComparison.OrdinalIgnoreCase) : _regex.IsMatch(code);
}
