namespace ErpConnector.Domain.Errors;

/// <summary>The error table is unusable; the message names the row (1-based, in file order) and its id, so the fix is a one-line edit.</summary>
public sealed class ErrorTableException : Exception
{
    public ErrorTableException(string message, int? rowNumber = null, string? ruleId = null, Exception? inner = null)
        : base(Describe(message, rowNumber, ruleId), inner)
    {
        RowNumber = rowNumber;
        RuleId = ruleId;
    }

    public int? RowNumber { get; }
    public string? RuleId { get; }

    private static string Describe(string message, int? rowNumber, string? ruleId) => (rowNumber, ruleId) switch
    {
        (null, _) => $"Error classification table: {message}",
        (_, null) => $"Error classification table, row {rowNumber}: {message}",
        _ => $"Error classification table, row {rowNumber} (\"{ruleId}\"): {message}",
    };
}
