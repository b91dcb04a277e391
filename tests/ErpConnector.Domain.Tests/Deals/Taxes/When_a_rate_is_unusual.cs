using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Domain.Deals.Taxes;
using ErpConnector.TestSupport.Deals;
using Samples = ErpConnector.TestSupport.Deals.DealSamples;

namespace ErpConnector.Domain.Tests.Deals.Taxes;

public sealed class When_a_rate_is_unusual
{
    private static DealWithholding Rate(decimal rate) => new() { Rate = rate };

    private static IReadOnlyList<DealWarning> WarningsFor(DealWithholdings withholdings) =>
        DealTaxWarnings.For(DealWonBuilder.AWonDeal().WithTaxes(new DealServiceTaxes { Withholdings = withholdings }).Build());

    [Fact]
    public void the_usual_rates_give_no_warning()
    {
        Assert.Empty(WarningsFor(new DealWithholdings { Irrf = Rate(1.5m), Pis = Rate(0.65m), Cofins = Rate(3m), Csll = Rate(1m), Inss = Rate(11m) }));
        Assert.Empty(WarningsFor(new DealWithholdings { Irrf = Rate(1.00m), Inss = Rate(3.50m) }));
    }

    [Fact]
    public void an_unusual_rate_is_accepted_and_noted_for_finance()
    {
        var deal = DealWonBuilder.AWonDeal().WithTaxes(Samples.WithheldTaxes() with
        {
            Withholdings = Samples.WithheldTaxes().Withholdings! with { Irrf = Rate(4.8m) },
        }).Build();

        Assert.Empty(DealValidation.Validate(deal));
        var warning = Assert.Single(DealTaxWarnings.For(deal));
        Assert.Equal(new DealWarning("services[0].taxes.withholdings.irrf.rate",
            "services[0].taxes.withholdings.irrf.rate is 4.8%, not the usual 1.5% or 1% for IRRF: accepted as sent; " +
            "confirm it with the customer's withholding statement or your accountant"), warning);
    }

    [Fact]
    public void every_unusual_rate_of_every_service_is_noted_in_order()
    {
        var deal = DealWonBuilder.AWonDeal().WithServices(
                Samples.Support() with { Taxes = new DealServiceTaxes { Withholdings = new DealWithholdings { Pis = Rate(1.65m), Cofins = Rate(7.6m) } } },
                Samples.Support(),
                Samples.Support() with { Taxes = new DealServiceTaxes { Withholdings = new DealWithholdings { Csll = Rate(0m), Inss = Rate(20m) } } })
            .Build();

        Assert.Equal(
            [
                "services[0].taxes.withholdings.pis.rate",
                "services[0].taxes.withholdings.cofins.rate",
                "services[2].taxes.withholdings.csll.rate",
                "services[2].taxes.withholdings.inss.rate",
            ],
            DealTaxWarnings.For(deal).Select(w => w.Field));
    }

    [Fact]
    public void iss_and_ibs_cbs_rates_are_not_warned_about()
    {
        var deal = DealWonBuilder.AWonDeal().WithTaxes(new DealServiceTaxes { IssRate = 4.5m, IbsCbs = new DealIbsCbs { CbsRate = 8.8m } }).Build();
        Assert.Empty(DealTaxWarnings.For(deal));
    }

    [Fact]
    public void an_incomplete_deal_gives_warnings_without_throwing()
    {
        Assert.Empty(DealTaxWarnings.For(new DealWon()));
        var odd = new DealServiceTaxes { Withholdings = new DealWithholdings { Irrf = Rate(2m) } };
        Assert.Single(DealTaxWarnings.For(new DealWon { Services = [null!, new DealService { Taxes = odd }] }));
    }
}
