using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.TestSupport.Deals;
using Samples = ErpConnector.TestSupport.Deals.DealSamples;
using ErpConnector.TestSupport.TaxIds;
using static ErpConnector.Domain.Tests.Deals.Taxes.TaxValidationSpec;

namespace ErpConnector.Domain.Tests.Deals.Taxes;

public sealed class When_a_person_would_withhold
{
    [Fact]
    public void federal_withholdings_on_a_cpf_are_refused_naming_the_field_and_the_taxes()
    {
        var deal = DealWonBuilder.AWonDeal().WithDocument(TaxIdGenerator.Masked(Cpf())).WithTaxes(Usual with { IssWithheld = false }).Build();

        var error = Assert.Single(DealValidation.Validate(deal));

        Assert.Equal(("services[0].taxes.withholdings", "services.taxes.withholdings.cpf_customer"), (error.Field, error.Code));
        Assert.Equal("services[0].taxes.withholdings withholds IRRF, PIS, COFINS, CSLL but customer.document is a CPF: " +
                     "a person does not withhold federal taxes; remove the withholdings, or invoice the company and send its CNPJ", error.Message);
    }

    [Fact]
    public void every_service_that_withholds_is_named()
    {
        var inss = new DealServiceTaxes { Withholdings = new DealWithholdings { Inss = new DealWithholding { Rate = 11m } } };
        var deal = DealWonBuilder.AWonDeal().WithDocument(Cpf())
            .WithServices(Samples.Support() with { Taxes = inss }, Samples.Support(), Samples.Support() with { Taxes = Usual with { IssWithheld = false } })
            .Build();

        Assert.Equal(["services[0].taxes.withholdings", "services[2].taxes.withholdings"], DealValidation.Validate(deal).Select(e => e.Field));
    }

    [Fact]
    public void a_person_may_have_iss_not_withheld_and_ibs_cbs()
    {
        var deal = DealWonBuilder.AWonDeal().WithDocument(Cpf())
            .WithTaxes(Usual with { IssWithheld = false, Withholdings = new DealWithholdings(), IbsCbs = new DealIbsCbs { CbsRate = 0.9m, IbsStateRate = 0.1m } })
            .Build();
        Assert.Empty(DealValidation.Validate(deal));
    }

    [Fact]
    public void iss_withheld_by_a_person_is_refused_at_intake_not_by_the_city()
    {
        var deal = DealWonBuilder.AWonDeal().WithDocument(Cpf())
            .WithTaxes(Usual with { Withholdings = new DealWithholdings() })
            .Build();

        var error = Assert.Single(DealValidation.Validate(deal));
        Assert.Equal(("services[0].taxes.issWithheld", "services.taxes.issWithheld.cpf_customer"), (error.Field, error.Code));
        Assert.Contains("a person does not withhold the ISS", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11.222.333/0001-81")]
    [InlineData("12.ABC.345/01DE-35")]
    public void a_company_may_withhold(string cnpj) =>
        Assert.Empty(DealValidation.Validate(DealWonBuilder.AWonDeal().WithDocument(cnpj).WithTaxes(Usual).Build()));

    [Fact]
    public void an_invalid_document_is_reported_once_on_the_customer()
    {
        var deal = DealWonBuilder.AWonDeal().WithDocument("123.456.789-00").WithTaxes(Usual).Build();
        Assert.Equal(["customer.document"], DealValidation.Validate(deal).Select(e => e.Field));
    }
}
