using ErpConnector.Contracts;
using FluentValidation;

namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>Each federal withholding present has a rate between 0 and 100%. An unusual rate is not an error:
/// <see cref="DealTaxWarnings"/> notes it for finance.</summary>
internal sealed class DealWithholdingsValidator : AbstractValidator<DealWithholdings>
{
    public DealWithholdingsValidator()
    {
        Rate(w => w.Irrf, "irrf");
        Rate(w => w.Pis, "pis");
        Rate(w => w.Cofins, "cofins");
        Rate(w => w.Csll, "csll");
        Rate(w => w.Inss, "inss");
    }

    private void Rate(Func<DealWithholdings, DealWithholding?> tax, string name) =>
        RuleFor(w => tax(w)!.Rate)
            .Cascade(CascadeMode.Stop)
            .IsPercentRate($"services.taxes.withholdings.{name}.rate", TaxRates.PercentMinimum, TaxRates.PercentMaximum, "a percentage of the service")
            .When(w => tax(w) is not null)
            .OverridePropertyName($"{name}.rate");
}
