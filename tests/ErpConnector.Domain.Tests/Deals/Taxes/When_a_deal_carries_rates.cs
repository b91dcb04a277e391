using ErpConnector.Contracts;
using static ErpConnector.Domain.Tests.Deals.Taxes.TaxValidationSpec;

namespace ErpConnector.Domain.Tests.Deals.Taxes;

public sealed class When_a_deal_carries_rates
{
    [Fact]
    public void the_usual_withheld_taxes_are_valid() => Assert.Empty(ErrorsFor(Usual));

    [Fact]
    public void taxes_are_optional_field_by_field() => Assert.Empty(ErrorsFor(new DealServiceTaxes()));

    [Theory]
    [InlineData("2")]
    [InlineData("5")]
    [InlineData("3.5")]
    [InlineData("2.0001")]
    [InlineData("4.99990000")]
    public void an_iss_rate_between_2_and_5_percent_is_valid(string rate) =>
        Assert.Empty(ErrorsFor(Usual with { IssRate = decimal.Parse(rate) }));

    [Theory]
    [InlineData("1.99", "services.taxes.issRate.out_of_range")]
    [InlineData("5.01", "services.taxes.issRate.out_of_range")]
    [InlineData("0.05", "services.taxes.issRate.out_of_range")]
    [InlineData("0", "services.taxes.issRate.out_of_range")]
    [InlineData("-2", "services.taxes.issRate.negative")]
    [InlineData("2.00001", "services.taxes.issRate.decimals")]
    public void an_iss_rate_outside_the_law_is_refused(string rate, string code) =>
        Assert.Equal([("services[0].taxes.issRate", code)], FieldsAndCodes(Usual with { IssRate = decimal.Parse(rate) }));

    [Fact]
    public void the_iss_message_names_the_field_the_law_and_the_fix()
    {
        var error = Assert.Single(ErrorsFor(Usual with { IssRate = 0.02m }));
        Assert.Equal("services[0].taxes.issRate is 0.02% but must be between 2 and 5 (LC 116/2003 art. 8-A and art. 8, II); " +
                     "send the percentage (3.5 for 3.5%), not a fraction (0.035)", error.Message);
    }

    [Theory]
    [InlineData("irrf")]
    [InlineData("pis")]
    [InlineData("cofins")]
    [InlineData("csll")]
    [InlineData("inss")]
    public void a_federal_rate_is_a_percentage_with_at_most_four_decimals(string tax)
    {
        foreach (var rate in new[] { 0m, 100m, 4.65m, 1.2345m })
            Assert.Empty(ErrorsFor(Usual with { Withholdings = Only(tax, rate) }));

        var field = $"services[0].taxes.withholdings.{tax}.rate";
        var code = $"services.taxes.withholdings.{tax}.rate";
        Assert.Equal([(field, code + ".negative")], FieldsAndCodes(Usual with { Withholdings = Only(tax, -0.65m) }));
        Assert.Equal([(field, code + ".out_of_range")], FieldsAndCodes(Usual with { Withholdings = Only(tax, 100.01m) }));
        Assert.Equal([(field, code + ".decimals")], FieldsAndCodes(Usual with { Withholdings = Only(tax, 1.23456m) }));
    }

    [Theory]
    [InlineData("ibsStateRate")]
    [InlineData("ibsCityRate")]
    [InlineData("cbsRate")]
    public void an_ibs_or_cbs_rate_is_a_percentage_with_at_most_four_decimals(string field)
    {
        foreach (var rate in new[] { 0m, 0.1m, 0.9m, 100m })
            Assert.Empty(ErrorsFor(Usual with { IbsCbs = IbsCbsRate(field, rate) }));

        var path = $"services[0].taxes.ibsCbs.{field}";
        var code = $"services.taxes.ibsCbs.{field}";
        Assert.Equal([(path, code + ".negative")], FieldsAndCodes(Usual with { IbsCbs = IbsCbsRate(field, -0.1m) }));
        Assert.Equal([(path, code + ".out_of_range")], FieldsAndCodes(Usual with { IbsCbs = IbsCbsRate(field, 101m) }));
        Assert.Equal([(path, code + ".decimals")], FieldsAndCodes(Usual with { IbsCbs = IbsCbsRate(field, 0.00001m) }));
    }
}
