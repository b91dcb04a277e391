namespace ErpConnector.Domain.Errors;

/// <summary>The verdict of the first matching table row.</summary>
/// <param name="RuleId">The matching row's id, e.g. <c>omie-redundant</c>.</param>
/// <param name="Category">What went wrong, as finance and operators read it.</param>
/// <param name="Action">What the processor does next.</param>
/// <param name="CorrectiveActionPt">What a person does next, in Portuguese; may be empty.</param>
/// <param name="CorrectiveActionEn">What a person does next, in English; may be empty.</param>
/// <param name="WaitUntil">When the stated or default wait ends; null when the row states none.</param>
/// <param name="MaxAttempts">How many attempts before the error becomes a failure; null when the row sets no limit.</param>
public sealed record ErrorClassification(
    string RuleId,
    ErrorCategory Category,
    ErrorAction Action,
    string CorrectiveActionPt,
    string CorrectiveActionEn,
    DateTimeOffset? WaitUntil,
    int? MaxAttempts)
{
    /// <summary>Kebab-case, e.g. <c>invalid-service-code</c>: the value of <c>NfseFailed.category</c>.</summary>
    public string CategoryName => TableNames.Of(Category);

    /// <summary>"pt / en", the value of <c>NfseFailed.correctiveAction</c>.</summary>
    public string CorrectiveAction => (CorrectiveActionPt, CorrectiveActionEn) switch
    {
        ("", "") => "",
        (var pt, "") => pt,
        ("", var en) => en,
        var (pt, en) => $"{pt} / {en}",
    };
}
