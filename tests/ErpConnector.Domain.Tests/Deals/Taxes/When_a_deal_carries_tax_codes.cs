using ErpConnector.Contracts;
using static ErpConnector.Domain.Tests.Deals.Taxes.TaxValidationSpec;

namespace ErpConnector.Domain.Tests.Deals.Taxes;

public sealed class When_a_deal_carries_tax_codes
{
    [Theory]
    [InlineData("01")]
    [InlineData(" 01 ")]
    [InlineData("7")]
    public void a_taxation_code_is_one_or_two_digits(string code) =>
        Assert.Empty(ErrorsFor(Usual with { TaxationCode = code }));

    [Theory]
    [InlineData("", "services.taxes.taxationCode.blank")]
    [InlineData("  ", "services.taxes.taxationCode.blank")]
    [InlineData("123", "services.taxes.taxationCode.invalid")]
    [InlineData("T1", "services.taxes.taxationCode.invalid")]
    [InlineData("٠١", "services.taxes.taxationCode.invalid")]
    public void a_bad_taxation_code_is_refused(string code, string error) =>
        Assert.Equal([("services[0].taxes.taxationCode", error)], FieldsAndCodes(Usual with { TaxationCode = code }));

    [Theory]
    [InlineData("115022000", true)]
    [InlineData(" 115022000 ", true)]
    [InlineData("1.1502.20.00", false)]
    [InlineData("11502200", false)]
    [InlineData("1150220000", false)]
    [InlineData("", false)]
    public void an_nbs_code_is_nine_digits(string code, bool valid) =>
        Assert.Equal(valid ? [] : [("services[0].taxes.nbs", "services.taxes.nbs.invalid")], FieldsAndCodes(Usual with { Nbs = code }));

    [Theory]
    [InlineData("000", "000001", "030101")]
    [InlineData(" 200 ", "200052", "30101")]
    [InlineData("410", "410999", "1")]
    public void ibs_cbs_codes_in_their_shapes_are_valid(string cst, string classification, string indicator) =>
        Assert.Empty(ErrorsFor(Usual with { IbsCbs = new DealIbsCbs { Cst = cst, Classification = classification, OperationIndicator = indicator } }));

    [Fact]
    public void bad_ibs_cbs_codes_are_all_reported()
    {
        var codes = new DealIbsCbs { Cst = "00", Classification = "00001A", OperationIndicator = "0301011" };
        Assert.Equal(
            [
                ("services[0].taxes.ibsCbs.cst", "services.taxes.ibsCbs.cst.invalid"),
                ("services[0].taxes.ibsCbs.classification", "services.taxes.ibsCbs.classification.invalid"),
                ("services[0].taxes.ibsCbs.operationIndicator", "services.taxes.ibsCbs.operationIndicator.invalid"),
            ],
            FieldsAndCodes(Usual with { IbsCbs = codes }));
    }

    [Fact]
    public void blank_ibs_cbs_codes_say_to_leave_them_out()
    {
        var error = Assert.Single(ErrorsFor(Usual with { IbsCbs = new DealIbsCbs { Cst = " " } }));
        Assert.Equal(("services[0].taxes.ibsCbs.cst", "services.taxes.ibsCbs.cst.blank"), (error.Field, error.Code));
        Assert.Contains("leave it out for Omie's default", error.Message);
    }

    [Fact]
    public void an_ibs_cbs_code_message_sends_to_the_accountant()
    {
        var error = Assert.Single(ErrorsFor(Usual with { IbsCbs = new DealIbsCbs { Classification = "1" } }));
        Assert.Equal("services[0].taxes.ibsCbs.classification must be the IBS/CBS classification (cClassTrib): 6 digits such as 000001; " +
                     "ask your accountant which one applies, or leave it out for Omie's default", error.Message);
    }
}
