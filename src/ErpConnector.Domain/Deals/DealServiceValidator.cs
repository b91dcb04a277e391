using System.Globalization;
using ErpConnector.Contracts;
using ErpConnector.Domain.Deals.Taxes;
using FluentValidation;

namespace ErpConnector.Domain.Deals;

/// <summary>One line of the service order: the codes the city taxes by, a positive amount, and its optional taxes.</summary>
internal sealed class DealServiceValidator : AbstractValidator<DealService>
{
    public DealServiceValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(s => s.MunicipalCode)
            .Must(RuleReporting.IsPresent).Reports("services.municipalCode.required",
                "{PropertyPath} is required: send the city's service code (código de serviço municipal) registered for this service")
            .OverridePropertyName("municipalCode");

        RuleFor(s => s.Lc116Code)
            .Must(RuleReporting.IsPresent).Reports("services.lc116Code.required",
                "{PropertyPath} is required: send the LC 116/2003 list item, e.g. 1.07")
            .Must(Lc116Code.HasValidShape).Reports("services.lc116Code.invalid",
                "{PropertyPath} must be an LC 116/2003 list item (01 to 40, then a two-digit sub-item) written 1.07, 01.07 or 0107")
            .OverridePropertyName("lc116Code");

        RuleFor(s => s.Description)
            .Must(RuleReporting.IsPresent).Reports("services.description.required",
                "{PropertyPath} is required: the NFS-e shows it to the customer")
            .MaximumLength(OmieFieldLimits.ServiceDescriptionMaxLength).Reports("services.description.too_long",
                $"{{PropertyPath}} must be at most {OmieFieldLimits.ServiceDescriptionMaxLength} characters: shorten the text shown on the NFS-e")
            .OverridePropertyName("description");

        RuleFor(s => s.Quantity)
            .GreaterThan(0m).Reports("services.quantity.not_positive",
                "{PropertyPath} must be greater than zero")
            .OverridePropertyName("quantity");

        RuleFor(s => s.UnitPrice)
            .GreaterThan(0m).Reports("services.unitPrice.not_positive",
                "{PropertyPath} must be greater than zero: send the price of one unit in reais")
            .OverridePropertyName("unitPrice");

        RuleFor(s => s.Taxes!)
            .SetValidator(new DealServiceTaxesValidator())
            .When(s => s.Taxes is not null)
            .OverridePropertyName("taxes");

        // Needs the service's amount, so it lives here rather than in the taxes' own validator.
        RuleFor(s => s.Taxes!.Deductions!.Value)
            .Must((service, deductions) => deductions <= Amount(service)).Reports("services.taxes.deductions.above_amount",
                (service, deductions) => string.Create(CultureInfo.InvariantCulture,
                    $"{{PropertyPath}} is {deductions} but the service amounts to {Amount(service)} (quantity × unitPrice): the ISS base cannot be negative; correct the deductions"))
            .When(s => s.Taxes?.Deductions is >= 0m && s.Quantity > 0 && s.UnitPrice > 0 && Amount(s) is not null)
            .OverridePropertyName("taxes.deductions");
    }

    /// <summary>quantity × unitPrice, or null when it does not fit a decimal (the deal's total reports that).</summary>
    private static decimal? Amount(DealService service)
    {
        try
        {
            return service.Quantity * service.UnitPrice;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
