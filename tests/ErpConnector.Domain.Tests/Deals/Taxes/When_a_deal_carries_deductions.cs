using ErpConnector.Contracts;
using ErpConnector.TestSupport.Deals;
using Samples = ErpConnector.TestSupport.Deals.DealSamples;
using static ErpConnector.Domain.Tests.Deals.Taxes.TaxValidationSpec;

namespace ErpConnector.Domain.Tests.Deals.Taxes;

public sealed class When_a_deal_carries_deductions
{
    // DealSamples.Support: 2 × 750.25 = 1,500.50.
    [Theory]
    [InlineData("0")]
    [InlineData("500.5")]
    [InlineData("1500.50")]
    public void deductions_up_to_the_service_amount_are_valid(string deductions) =>
        Assert.Empty(ErrorsFor(Usual with { Deductions = decimal.Parse(deductions) }));

    [Theory]
    [InlineData("-0.01", "services.taxes.deductions.negative")]
    [InlineData("10.001", "services.taxes.deductions.decimals")]
    [InlineData("1500.51", "services.taxes.deductions.above_amount")]
    public void deductions_are_centavos_between_zero_and_the_service_amount(string deductions, string code) =>
        Assert.Equal([("services[0].taxes.deductions", code)], FieldsAndCodes(Usual with { Deductions = decimal.Parse(deductions) }));

    [Fact]
    public void the_message_states_both_amounts()
    {
        var error = Assert.Single(ErrorsFor(Usual with { Deductions = 2000m }));
        Assert.StartsWith("services[0].taxes.deductions is 2000 but the service amounts to 1500.50 (quantity × unitPrice)", error.Message);
    }

    [Fact]
    public void a_service_with_its_own_amount_errors_is_not_compared()
    {
        var deal = DealWonBuilder.AWonDeal()
            .WithServices(Samples.Support() with { UnitPrice = 0m, Taxes = new DealServiceTaxes { Deductions = 10m } })
            .WithTotal(1m).Build();
        Assert.DoesNotContain(ErpConnector.Domain.Deals.DealValidation.Validate(deal), e => e.Code == "services.taxes.deductions.above_amount");
    }
}
