using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.TestSupport.Deals;
using Samples = ErpConnector.TestSupport.Deals.DealSamples;
using ErpConnector.TestSupport.TaxIds;

namespace ErpConnector.Domain.Tests.Deals.Taxes;

public sealed class When_taxes_have_many_problems
{
    [Fact]
    public void every_problem_of_every_service_is_reported_at_once()
    {
        var first = new DealServiceTaxes
        {
            TaxationCode = "ABC",
            IssRate = 7m,
            Deductions = 9999m,
            Withholdings = new DealWithholdings { Irrf = new DealWithholding { Rate = -1.5m }, Pis = new DealWithholding { Rate = 0.65m } },
            Nbs = "1.1502",
        };
        var second = new DealServiceTaxes
        {
            IssRate = 3.123456m,
            IbsCbs = new DealIbsCbs { Cst = "X", CbsRate = 200m },
        };
        var deal = DealWonBuilder.AWonDeal().WithDocument(TaxIdGenerator.NextCpf())
            .WithServices(Samples.Support() with { Taxes = first }, Samples.Support() with { Taxes = second })
            .Build();

        Assert.Equal(
            [
                ("services[0].taxes.taxationCode", "services.taxes.taxationCode.invalid"),
                ("services[0].taxes.issRate", "services.taxes.issRate.out_of_range"),
                ("services[0].taxes.withholdings.irrf.rate", "services.taxes.withholdings.irrf.rate.negative"),
                ("services[0].taxes.nbs", "services.taxes.nbs.invalid"),
                ("services[0].taxes.deductions", "services.taxes.deductions.above_amount"),
                ("services[1].taxes.issRate", "services.taxes.issRate.decimals"),
                ("services[1].taxes.ibsCbs.cst", "services.taxes.ibsCbs.cst.invalid"),
                ("services[1].taxes.ibsCbs.cbsRate", "services.taxes.ibsCbs.cbsRate.out_of_range"),
                ("services[0].taxes.withholdings", "services.taxes.withholdings.cpf_customer"),
            ],
            DealValidation.Validate(deal).Select(e => (e.Field, e.Code)).ToArray());
    }
}
