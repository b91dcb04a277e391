using ErpConnector.Contracts;
using FluentValidation;

namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>
/// The taxes of one service, each field on its own: rates in their legal ranges, codes in their shapes. Checks that
/// need the rest of the deal (deductions against the service's amount, withholdings against the customer) live with
/// <see cref="DealServiceValidator"/> and <see cref="DealWonValidator"/>.
/// </summary>
internal sealed class DealServiceTaxesValidator : AbstractValidator<DealServiceTaxes>
{
    public DealServiceTaxesValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(t => t.TaxationCode)
            .Must(RuleReporting.IsPresent).Reports("services.taxes.taxationCode.blank",
                "{PropertyPath} is blank: leave it out to use the connector's default, or send the code (cTribServ), e.g. 01")
            .Must(code => TaxCodes.IsDigits(code, 1, TaxCodes.TaxationCodeMaxLength)).Reports("services.taxes.taxationCode.invalid",
                $"{{PropertyPath}} must be Omie's taxation code (cTribServ): 1 to {TaxCodes.TaxationCodeMaxLength} digits, e.g. 01 (taxed in the city); ask your accountant which one applies")
            .When(t => t.TaxationCode is not null)
            .OverridePropertyName("taxationCode");

        RuleFor(t => t.IssRate!.Value)
            .IsPercentRate("services.taxes.issRate", TaxRates.IssMinimum, TaxRates.IssMaximum, "LC 116/2003 art. 8-A and art. 8, II")
            .When(t => t.IssRate.HasValue)
            .OverridePropertyName("issRate");

        RuleFor(t => t.Deductions!.Value)
            .GreaterThanOrEqualTo(0m).Reports("services.taxes.deductions.negative",
                "{PropertyPath} must not be negative: send the amount in reais deducted from the ISS base, or leave it out")
            .Must(d => TaxRates.HasAtMostDecimalPlaces(d, TaxRates.AmountDecimalPlaces)).Reports("services.taxes.deductions.decimals",
                "{PropertyPath} is an amount in reais: at most 2 decimal places (centavos)")
            .When(t => t.Deductions.HasValue)
            .OverridePropertyName("deductions");

        RuleFor(t => t.Withholdings!)
            .SetValidator(new DealWithholdingsValidator())
            .When(t => t.Withholdings is not null)
            .OverridePropertyName("withholdings");

        RuleFor(t => t.IbsCbs!)
            .SetValidator(new DealIbsCbsValidator())
            .When(t => t.IbsCbs is not null)
            .OverridePropertyName("ibsCbs");

        RuleFor(t => t.Nbs)
            .Must(code => TaxCodes.IsDigits(code, TaxCodes.NbsLength, TaxCodes.NbsLength)).Reports("services.taxes.nbs.invalid",
                $"{{PropertyPath}} must be the NBS code as {TaxCodes.NbsLength} digits without dots (1.1506.25.00 → 115062500), or be left out")
            .When(t => t.Nbs is not null)
            .OverridePropertyName("nbs");
    }
}
