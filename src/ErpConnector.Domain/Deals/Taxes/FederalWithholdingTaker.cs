using ErpConnector.Contracts;
using ErpConnector.Domain.TaxIds;
using FluentValidation;
using FluentValidation.Results;

namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>
/// Only a company withholds federal taxes on a service it buys (Lei 10.833/2003 art. 30, RIR/2018 art. 714 and
/// Lei 8.212/1991 art. 31 all name legal entities as the withholding source): a customer identified by a CPF cannot.
/// Needs the customer, so the deal's validator runs it once per service.
/// </summary>
internal static class FederalWithholdingTaker
{
    public const string ErrorCode = "services.taxes.withholdings.cpf_customer";

    /// <summary>ISS withheld by a customer identified by a CPF.</summary>
    public const string IssErrorCode = "services.taxes.issWithheld.cpf_customer";

    public static void MustBeCompany(DealService? service, ValidationContext<DealWon> context)
    {
        // ISS too: the municipal laws that make the buyer responsible for the ISS (LC 116 art. 6) name legal entities,
        // and the city refuses the RPS otherwise (E0625 in the simulator). UNCONFIRMED for every municipality: some
        // laws name other responsible parties; the CRM then leaves issWithheld out and Omie's registration decides.
        if (service?.Taxes?.IssWithheld == true && IsPerson(context))
        {
            var issPath = $"{context.PropertyPath}.taxes.issWithheld";
            context.AddFailure(new ValidationFailure(issPath,
                $"{issPath} is true but customer.document is a CPF: a person does not withhold the ISS; " +
                "set issWithheld to false, or invoice the company and send its CNPJ")
            { ErrorCode = IssErrorCode });
        }
        var withheld = WithheldTaxNames.Of(service?.Taxes?.Withholdings).Select(t => t.Name.ToUpperInvariant()).ToArray();
        if (withheld.Length == 0)
            return;
        if (!IsPerson(context))
            return;
        var path = $"{context.PropertyPath}.taxes.withholdings";
        context.AddFailure(new ValidationFailure(path,
            $"{path} withholds {string.Join(", ", withheld)} but customer.document is a CPF: a person does not withhold federal taxes; " +
            "remove the withholdings, or invoice the company and send its CNPJ")
        { ErrorCode = ErrorCode });
    }

    // An invalid document is already reported on customer.document; only a valid CPF is known to be a person.
    private static bool IsPerson(ValidationContext<DealWon> context) =>
        TaxId.TryParse(context.InstanceToValidate.Customer?.Document, out var taxId) && taxId.Kind == TaxIdKind.Cpf;
}
