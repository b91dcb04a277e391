using ErpConnector.Contracts;

namespace ErpConnector.Domain.Deals;

/// <summary>The deal validator in the contract's terms, ready for a <see cref="DealRejected"/>.</summary>
public static class DealValidation
{
    // Validators are immutable once built and building one is the expensive part.
    private static readonly DealWonValidator Validator = new();

    /// <summary>Every problem found, in rule order; empty when the deal may go to Omie.</summary>
    public static IReadOnlyList<FieldError> Validate(DealWon deal)
    {
        ArgumentNullException.ThrowIfNull(deal);
        var result = Validator.Validate(deal);
        if (result.IsValid)
            return [];
        var errors = new FieldError[result.Errors.Count];
        for (var i = 0; i < errors.Length; i++)
        {
            var failure = result.Errors[i];
            errors[i] = new FieldError(failure.PropertyName, failure.ErrorCode, failure.ErrorMessage);
        }
        return errors;
    }
}
