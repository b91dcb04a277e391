using System.Globalization;
using FluentValidation;

namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>The three checks every rate gets, in the order a person fixes them: sign, legal range, decimal places.</summary>
internal static class RateRules
{
    public static IRuleBuilderOptions<T, decimal> IsPercentRate<T>(
        this IRuleBuilder<T, decimal> rule, string code, decimal minimum, decimal maximum, string rangeSource) =>
        rule.GreaterThanOrEqualTo(0m).Reports($"{code}.negative",
                (_, rate) => Invariant($"{{PropertyPath}} is {rate}: a rate is never negative; send the percentage (3.5 for 3.5%)"))
            .InclusiveBetween(minimum, maximum).Reports($"{code}.out_of_range",
                (_, rate) => Invariant($"{{PropertyPath}} is {rate}% but must be between {minimum} and {maximum} ({rangeSource}); send the percentage (3.5 for 3.5%), not a fraction (0.035)"))
            .Must(rate => TaxRates.HasAtMostDecimalPlaces(rate, TaxRates.MaxDecimalPlaces)).Reports($"{code}.decimals",
                (_, rate) => Invariant($"{{PropertyPath}} is {rate}: a rate has at most {TaxRates.MaxDecimalPlaces} decimal places; round it as your accountant states it"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
