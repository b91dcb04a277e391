using ErpConnector.Contracts;
using FluentValidation;

namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>The 2026 reform's fields in their shapes. The connector never invents them: what is absent, Omie fills.</summary>
internal sealed class DealIbsCbsValidator : AbstractValidator<DealIbsCbs>
{
    public DealIbsCbsValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        Code(i => i.Cst, "cst", TaxCodes.CstLength, TaxCodes.CstLength,
            "{PropertyPath} must be the IBS/CBS CST (cCST): 3 digits such as 000; ask your accountant which one applies, or leave it out for Omie's default");
        Code(i => i.Classification, "classification", TaxCodes.ClassificationLength, TaxCodes.ClassificationLength,
            "{PropertyPath} must be the IBS/CBS classification (cClassTrib): 6 digits such as 000001; ask your accountant which one applies, or leave it out for Omie's default");
        Code(i => i.OperationIndicator, "operationIndicator", 1, TaxCodes.OperationIndicatorMaxLength,
            "{PropertyPath} must be the operation indicator (cIndOPer): up to 6 digits such as 030101; ask your accountant which one applies, or leave it out for Omie's default");

        Rate(i => i.IbsStateRate, "ibsStateRate");
        Rate(i => i.IbsCityRate, "ibsCityRate");
        Rate(i => i.CbsRate, "cbsRate");
    }

    private void Code(Func<DealIbsCbs, string?> code, string name, int minLength, int maxLength, string message) =>
        RuleFor(i => code(i))
            .Must(RuleReporting.IsPresent).Reports($"services.taxes.ibsCbs.{name}.blank",
                "{PropertyPath} is blank: leave it out for Omie's default, or send the code")
            .Must(value => TaxCodes.IsDigits(value, minLength, maxLength)).Reports($"services.taxes.ibsCbs.{name}.invalid", message)
            .When(i => code(i) is not null)
            .OverridePropertyName(name);

    private void Rate(Func<DealIbsCbs, decimal?> rate, string name) =>
        RuleFor(i => rate(i)!.Value)
            .IsPercentRate($"services.taxes.ibsCbs.{name}", TaxRates.PercentMinimum, TaxRates.PercentMaximum, "a percentage of the service")
            .When(i => rate(i).HasValue)
            .OverridePropertyName(name);
}
