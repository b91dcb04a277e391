using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;

namespace ErpConnector.Domain.Tests.Deals;

public class DealValidationTests
{
    [Fact]
    public void A_valid_deal_has_no_errors() => Assert.Empty(DealValidation.Validate(DealSamples.Deal));

    [Fact]
    public void Errors_come_as_contract_field_errors()
    {
        var deal = DealSamples.Deal with
        {
            Customer = DealSamples.Customer with { Document = "12.ABC.345/01DE-36" },
            Services = [DealSamples.Support, DealSamples.Consulting with { UnitPrice = 0m }],
        };

        var errors = DealValidation.Validate(deal);

        Assert.Equal(2, errors.Count);
        Assert.Equal("customer.document", errors[0].Field);
        Assert.Equal("customer.document.check_digits", errors[0].Code);
        Assert.Contains("expected 35", errors[0].Message);
        Assert.Equal(new FieldError("services[1].unitPrice", "services.unitPrice.not_positive",
            "services[1].unitPrice must be greater than zero: send the price of one unit in reais"), errors[1]);
    }

    [Fact]
    public void Rejects_a_null_deal() => Assert.Throws<ArgumentNullException>(() => DealValidation.Validate(null!));

    [Fact]
    public void Is_safe_to_call_from_many_threads()
    {
        var bad = DealSamples.Deal with { Total = 1m };
        Parallel.For(0, 200, i =>
        {
            var errors = DealValidation.Validate(i % 2 == 0 ? DealSamples.Deal : bad);
            Assert.Equal(i % 2 == 0 ? 0 : 1, errors.Count);
        });
    }
}
