using ErpConnector.Contracts;
using ErpConnector.Domain.Deals.Taxes;
using ErpConnector.TestSupport.Deals;
using Samples = ErpConnector.TestSupport.Deals.DealSamples;

namespace ErpConnector.Domain.Tests.Deals.Taxes;

public sealed class When_taxes_are_added_up
{
    private static TaxBreakdown BreakdownOf(params DealService[] services) =>
        TaxBreakdown.TryCompute(DealWonBuilder.AWonDeal().WithServices(services).Build())!;

    [Fact]
    public void gross_withheld_and_net_of_the_usual_withholdings()
    {
        // 2 × 750.25 = 1,500.50. ISS 2% = 30.01; IRRF 1.5% = 22.5075 → 22.51; PIS 0.65% = 9.75325 → 9.75;
        // COFINS 3% = 45.015 → 45.02 and CSLL 1% = 15.005 → 15.01 (midpoints: away from zero).
        var b = BreakdownOf(Samples.Support() with { Taxes = Samples.WithheldTaxes() });

        Assert.Equal(1500.50m, b.Gross);
        Assert.Equal((30.01m, 30.01m), (b.IssAmount, b.IssWithheld));
        Assert.Equal(new WithheldTaxes(22.51m, 9.75m, 45.02m, 15.01m, 0m), b.Withheld);
        Assert.Equal(122.30m, b.TotalWithheld);
        Assert.Equal(1378.20m, b.Net);
    }

    [Fact]
    public void the_gross_is_the_deals_total()
    {
        var deal = DealWonBuilder.AWonDeal()
            .WithServices(Samples.Support() with { Quantity = 3m, UnitPrice = 0.335m, Taxes = Samples.WithheldTaxes() }, Samples.Support())
            .Build();
        Assert.Equal(deal.Total, TaxBreakdown.TryCompute(deal)!.Gross);
    }

    [Fact]
    public void deductions_reduce_only_the_iss_base()
    {
        var b = BreakdownOf(Samples.Support() with { Taxes = Samples.WithheldTaxes() with { Deductions = 500.50m } });
        var line = Assert.Single(b.Services);
        Assert.Equal((1500.50m, 1000.00m, 20.00m), (line.Amount, line.IssBase, line.IssAmount));
        Assert.Equal(22.51m, b.Withheld.Irrf);
    }

    [Fact]
    public void without_taxes_nothing_is_withheld_and_the_iss_is_omies_to_decide()
    {
        var b = BreakdownOf(Samples.Support());
        Assert.Equal((1500.50m, (decimal?)null, 0m, 0m, 1500.50m), (b.Gross, b.IssAmount, b.IssWithheld, b.TotalWithheld, b.Net));
        Assert.Equal(WithheldTaxes.None, b.Withheld);
    }

    [Fact]
    public void iss_not_withheld_is_shown_but_not_subtracted()
    {
        var b = BreakdownOf(Samples.Support() with { Taxes = new DealServiceTaxes { IssRate = 5m } });
        Assert.Equal((75.03m, 0m, 0m, 1500.50m), (b.IssAmount, b.IssWithheld, b.TotalWithheld, b.Net));
    }

    [Fact]
    public void iss_withheld_at_an_unknown_rate_leaves_the_net_unknown()
    {
        var b = BreakdownOf(Samples.Support() with { Taxes = new DealServiceTaxes { IssWithheld = true } }, Samples.Support());
        Assert.Equal(((decimal?)null, (decimal?)null, (decimal?)null, (decimal?)null), (b.IssAmount, b.IssWithheld, b.TotalWithheld, b.Net));
        Assert.Equal(3001.00m, b.Gross);
    }

    [Fact]
    public void nothing_to_add_up_gives_no_breakdown()
    {
        Assert.Null(TaxBreakdown.TryCompute(new DealWon()));
        Assert.Null(TaxBreakdown.TryCompute(new DealWon { Services = [] }));
        Assert.Null(TaxBreakdown.TryCompute(new DealWon { Services = [Samples.Support(), null!] }));
        Assert.Null(TaxBreakdown.TryCompute(new DealWon { Services = [Samples.Support() with { Quantity = decimal.MaxValue, UnitPrice = 2m }] }));
    }

    [Fact]
    public void a_thousand_lines_add_up_their_rounded_taxes_not_the_tax_of_the_sum()
    {
        // Even lines: 10.00 with PIS 0.65% = 0.065 → 0.07 (half away from zero; half to even would give 0.06) and
        // ISS 2% = 0.20, not withheld. Odd lines: 10.05 with ISS 5% = 0.5025 → 0.50, withheld.
        // Rounded per line, 500 lines make PIS 35.00 and ISS withheld 250.00; taxing the sums would give 32.50 and 251.25.
        var pis = new DealServiceTaxes { IssRate = 2m, Withholdings = new DealWithholdings { Pis = new DealWithholding { Rate = 0.65m } } };
        var iss = new DealServiceTaxes { IssRate = 5m, IssWithheld = true };
        var lines = Enumerable.Range(0, 1000)
            .Select(i => i % 2 == 0
                ? Samples.Support() with { Quantity = 1m, UnitPrice = 10.00m, Taxes = pis }
                : Samples.Support() with { Quantity = 1m, UnitPrice = 10.05m, Taxes = iss })
            .ToArray();

        var b = BreakdownOf(lines);

        Assert.Equal(1000, b.Services.Count);
        Assert.Equal(10_025.00m, b.Gross);            // 500 × 10.00 + 500 × 10.05
        Assert.Equal(35.00m, b.Withheld.Pis);         // 500 × 0.07, not 0.65% × 5,000.00 = 32.50
        Assert.Equal(350.00m, b.IssAmount);           // 500 × 0.20 + 500 × 0.50
        Assert.Equal(250.00m, b.IssWithheld);         // 500 × 0.50, not 5% × 5,025.00 = 251.25
        Assert.Equal(285.00m, b.TotalWithheld);
        Assert.Equal(9_740.00m, b.Net);
    }

    [Fact]
    public void totals_are_the_sums_of_the_rounded_lines_over_a_thousand_varied_lines()
    {
        var taxes = Samples.WithheldTaxes() with
        {
            Withholdings = Samples.WithheldTaxes().Withholdings! with { Inss = new DealWithholding { Rate = 3.5m } },
        };
        var lines = Enumerable.Range(1, 1000)
            .Select(i => Samples.Support() with
            {
                Quantity = 1m + i % 7 * 0.25m,
                UnitPrice = 9.99m + i * 0.013m,
                Taxes = taxes with { IssRate = 2m + i % 31 * 0.1m, IssWithheld = i % 3 != 0, Deductions = i % 5 == 0 ? 1.11m : null },
            })
            .ToArray();

        var b = BreakdownOf(lines);

        Assert.All(b.Services, line =>
        {
            foreach (var part in new[] { line.IssAmount!.Value, line.Withheld.Irrf, line.Withheld.Pis, line.Withheld.Cofins, line.Withheld.Csll, line.Withheld.Inss })
                Assert.Equal(Math.Round(part, 2), part);
        });
        Assert.Equal(b.Services.Sum(l => l.IssAmount!.Value), b.IssAmount);
        Assert.Equal(b.Services.Sum(l => l.IssWithheldAmount!.Value), b.IssWithheld);
        Assert.Equal(b.Services.Sum(l => l.Withheld.Irrf), b.Withheld.Irrf);
        Assert.Equal(b.Services.Sum(l => l.Withheld.Pis), b.Withheld.Pis);
        Assert.Equal(b.Services.Sum(l => l.Withheld.Cofins), b.Withheld.Cofins);
        Assert.Equal(b.Services.Sum(l => l.Withheld.Csll), b.Withheld.Csll);
        Assert.Equal(b.Services.Sum(l => l.Withheld.Inss), b.Withheld.Inss);
        Assert.Equal(b.Services.Sum(l => l.TotalWithheld!.Value), b.TotalWithheld);
        Assert.Equal(b.Gross - b.TotalWithheld, b.Net);
        // The per-line rule does differ from taxing the sum here: the spec would be vacuous otherwise.
        Assert.NotEqual(TaxRounding.Tax(b.Services.Sum(l => l.Amount), 0.65m), b.Withheld.Pis);
    }

    [Theory]
    [InlineData("0.005", "0.01")]
    [InlineData("0.015", "0.02")]
    [InlineData("0.0049", "0.00")]
    [InlineData("-0.005", "-0.01")]
    public void cents_are_rounded_half_away_from_zero(string amount, string cents) =>
        Assert.Equal(decimal.Parse(cents), TaxRounding.ToCents(decimal.Parse(amount)));
}
