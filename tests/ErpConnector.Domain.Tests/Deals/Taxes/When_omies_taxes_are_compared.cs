using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Domain.Deals.Taxes;
using ErpConnector.TestSupport.Deals;
using Samples = ErpConnector.TestSupport.Deals.DealSamples;

namespace ErpConnector.Domain.Tests.Deals.Taxes;

public sealed class When_omies_taxes_are_compared
{
    // 2 × 750.25 = 1,500.50 with DealSamples.WithheldTaxes(): ISS 30.01, IRRF 22.51, PIS 9.75, COFINS 45.02, CSLL 15.01.
    private static readonly DealWon Deal = DealWonBuilder.AWonDeal().WithTaxes(Samples.WithheldTaxes()).Build();
    private static readonly OrderTaxAmounts Same = new(30.01m, 22.51m, 9.75m, 45.02m, 15.01m, null);

    [Fact]
    public void the_same_amounts_give_no_warning() => Assert.Empty(OrderTaxCheck.Compare(Deal, [Same]));

    [Fact]
    public void a_centavo_apart_is_a_midpoint_rounded_the_other_way_and_gives_no_warning() =>
        Assert.Empty(OrderTaxCheck.Compare(Deal, [Same with { Iss = 30.02m, Cofins = 45.01m }]));

    [Fact]
    public void more_than_a_centavo_apart_names_the_tax_both_amounts_and_the_difference()
    {
        var warnings = OrderTaxCheck.Compare(Deal, [Same with { Irrf = 22.53m, Csll = 14.90m }]);

        Assert.Equal(["services[0].taxes.withholdings.irrf", "services[0].taxes.withholdings.csll"], warnings.Select(w => w.Field));
        Assert.StartsWith("Omie computed IRRF R$ 22.53 for services[0], the connector R$ 22.51 (1.5% of R$ 1500.50, rounded per service to centavos): R$ 0.02 apart.", warnings[0].Message);
        Assert.Contains("R$ 0.11 apart", warnings[1].Message);
    }

    [Fact]
    public void the_iss_is_compared_on_its_base_after_deductions()
    {
        // Base 1,500.50 − 500.50 = 1,000.00: ISS 2% = 20.00.
        var deal = DealWonBuilder.AWonDeal().WithTaxes(Samples.WithheldTaxes() with { Deductions = 500.50m }).Build();

        Assert.Empty(OrderTaxCheck.Compare(deal, [Same with { Iss = 20.00m }]));
        Assert.Contains("2% of R$ 1000.00", Assert.Single(OrderTaxCheck.Compare(deal, [Same])).Message);
    }

    [Fact]
    public void only_taxes_the_deal_states_and_omie_gives_are_compared()
    {
        // No INSS in the deal (Omie's 99.99 is its own business); no ISS from Omie (nothing to compare).
        Assert.Empty(OrderTaxCheck.Compare(Deal, [Same with { Iss = null, Inss = 99.99m }]));
        var issOnly = DealWonBuilder.AWonDeal().WithTaxes(new DealServiceTaxes { IssRate = 2m }).Build();
        Assert.Empty(OrderTaxCheck.Compare(issOnly, [new OrderTaxAmounts(30.01m, 1m, 1m, 1m, 1m, 1m)]));
    }

    [Fact]
    public void services_are_compared_in_order()
    {
        var deal = DealWonBuilder.AWonDeal()
            .WithServices(Samples.Support(), Samples.Support() with { Taxes = Samples.WithheldTaxes() })
            .Build();

        var warning = Assert.Single(OrderTaxCheck.Compare(deal, [Same with { Iss = 1m }, Same with { Iss = 31m }]));

        Assert.Equal("services[1].taxes.issRate", warning.Field);
    }

    [Fact]
    public void another_number_of_services_is_one_warning_and_nothing_is_compared()
    {
        var warning = Assert.Single(OrderTaxCheck.Compare(Deal, [Same with { Iss = 1m }, Same]));

        Assert.Equal("services", warning.Field);
        Assert.Contains("Omie's order has 2 services and the deal 1", warning.Message);
    }

    [Fact]
    public void no_amounts_from_omie_give_no_warning() => Assert.Empty(OrderTaxCheck.Compare(Deal, []));

    [Fact]
    public void only_a_deal_stating_a_rate_or_a_withholding_is_worth_comparing()
    {
        Assert.True(OrderTaxCheck.HasAnythingToCompare(Deal));
        Assert.False(OrderTaxCheck.HasAnythingToCompare(DealWonBuilder.AWonDeal().Build()));
        Assert.False(OrderTaxCheck.HasAnythingToCompare(DealWonBuilder.AWonDeal().WithTaxes(new DealServiceTaxes { TaxationCode = "01", IssWithheld = true }).Build()));
    }

    [Fact]
    public void a_warning_survives_the_history_note_it_is_kept_as()
    {
        var warning = Assert.Single(OrderTaxCheck.Compare(Deal, [Same with { Iss = 40m }]));

        Assert.Equal(warning, TaxCheckNote.TryParse(TaxCheckNote.Format(warning)));
        Assert.Null(TaxCheckNote.TryParse("Service order created in Omie (nCodOS 1, cCodIntOS X)."));
        Assert.Null(TaxCheckNote.TryParse(null));
    }
}
