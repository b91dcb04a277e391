using ErpConnector.Contracts;
using ErpConnector.Domain.TaxIds;
using FluentValidation;
using FluentValidation.Results;

namespace ErpConnector.Domain.Deals;

/// <summary>The customer as Omie needs it to register a client and invoice it (razão social, nome fantasia, CPF/CNPJ).</summary>
internal sealed class DealCustomerValidator : AbstractValidator<DealCustomer>
{
    public DealCustomerValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(c => c.LegalName)
            .Must(RuleReporting.IsPresent).Reports("customer.legalName.required",
                "{PropertyPath} is required: send the customer's legal name (razão social, or the person's full name)")
            .Must(name => RuleReporting.TrimmedLength(name) <= OmieFieldLimits.LegalNameMaxLength).Reports("customer.legalName.too_long",
                (_, name) => $"{{PropertyPath}} has {RuleReporting.TrimmedLength(name)} characters; Omie's razão social takes at most {OmieFieldLimits.LegalNameMaxLength}: abbreviate it (e.g. LTDA for LIMITADA)")
            .OverridePropertyName("legalName");

        RuleFor(c => c.TradeName)
            .Must(RuleReporting.IsPresent).Reports("customer.tradeName.required",
                "{PropertyPath} is required because Omie cannot invoice without a nome fantasia: send the trade name, or repeat the legal name")
            .Must(name => RuleReporting.TrimmedLength(name) <= OmieFieldLimits.TradeNameMaxLength).Reports("customer.tradeName.too_long",
                (_, name) => $"{{PropertyPath}} has {RuleReporting.TrimmedLength(name)} characters; Omie's nome fantasia takes at most {OmieFieldLimits.TradeNameMaxLength}: shorten it")
            .OverridePropertyName("tradeName");

        RuleFor(c => c.Document)
            .Configure(rule => rule.PropertyName = "document")
            .Custom(IsValidTaxId);

        RuleFor(c => c.Email)
            .Must(RuleReporting.IsPresent).Reports("customer.email.required",
                "{PropertyPath} is required: the NFS-e is e-mailed to the customer")
            .Must(EmailAddress.HasValidShape).Reports("customer.email.invalid",
                "{PropertyPath} is not one e-mail address like name@company.com.br: send a single address without spaces, commas or semicolons")
            .OverridePropertyName("email");

        RuleFor(c => c.Phone)
            .Must(phone => PhoneNumber.TryParse(phone, out _)).Reports("customer.phone.invalid",
                "{PropertyPath} must be a Brazilian number with area code: 10 or 11 digits such as (11) 98765-4321, optionally preceded by +55; or leave it empty")
            .When(c => RuleReporting.IsPresent(c.Phone))
            .OverridePropertyName("phone");

        RuleFor(c => c.Address!)
            .NotNull().Reports("customer.address.required",
                "{PropertyPath} is required: the NFS-e carries the customer's address")
            .SetValidator(new DealAddressValidator())
            .OverridePropertyName("address");
    }

    private static void IsValidTaxId(string document, ValidationContext<DealCustomer> context)
    {
        var result = TaxId.Parse(document);
        if (!result.IsValid)
            // TaxId's messages start with "document", so the prefix turns them into the field's path.
            context.AddFailure(new ValidationFailure(context.PropertyPath, "customer." + result.ErrorMessage)
            {
                ErrorCode = "customer." + result.ErrorCode,
            });
    }
}
