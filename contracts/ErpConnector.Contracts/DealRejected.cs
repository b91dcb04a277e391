namespace ErpConnector.Contracts;

/// <summary>Output: a deal failed validation; nothing was sent to Omie. Exchange <c>deal.rejected</c>.</summary>
public sealed record DealRejected
{
    /// <summary>The rejected deal, as sent in <see cref="DealWon.DealId"/> (empty when that was missing). Publish the
    /// corrected deal again under the same id: a rejected deal accepts a correction.</summary>
    public string DealId { get; init; } = "";
    /// <summary>The <see cref="DealWon.EventId"/> of the rejected event.</summary>
    public string EventId { get; init; } = "";
    /// <summary>Every problem found, not only the first.</summary>
    public IReadOnlyList<FieldError> Errors { get; init; } = [];
}

/// <param name="Field">JSON path of the offending field, e.g. <c>customer.address.postalCode</c>.</param>
/// <param name="Code">Stable machine code, e.g. <c>document.check_digits</c>.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record FieldError(string Field, string Code, string Message);
