namespace ErpConnector.Domain.Errors;

/// <summary>The error table is unusable; the message names the row (1-based, in file order) and its id, so the fix is a one-line edit.</summary>
public sealed class ErrorTableException : Exception
{
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="rowNumber">1-based row in file order; null when the problem is the table as a whole.</param>
    /// <param name="ruleId">The row's id, when it has one.</param>
    /// <param name="inner">The JSON or regex error behind it, if any.</param>
    public ErrorTableException(string message, int? rowNumber = null, string? ruleId = null, Exception? inner = null)
        : base(Describe(message, rowNumber, ruleId), inner)
    {
        RowNumber = rowNumber;
        RuleId = ruleId;
    }

    /// <summary>1-based row in file order; null when the problem is the table as a whole.</summary>
    public int? RowNumber { get; }
    /// <summary>The offending row's id, when it has one.</summary>
    public string? RuleId { get; }

    private static string Describe(string message, int? rowNumber, string? ruleId) => (rowNumber, ruleId) switch
    {
        (null, _) => $"Error classification table: {message}",
        (_, null) => $"Error classification table, row {rowNumber}: {message}",
        _ => $"Error classification table, row {rowNumber} (\"{ruleId}\"): {message}",
    };
}
