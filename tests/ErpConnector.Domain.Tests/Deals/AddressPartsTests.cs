using ErpConnector.Domain.Deals;

namespace ErpConnector.Domain.Tests.Deals;

public class AddressPartsTests
{
    [Theory]
    [InlineData("(11) 98765-4321", "11", "987654321")]
    [InlineData("+55 (21) 3456-7890", "21", "34567890")]
    [InlineData("+5521934567890", "21", "934567890")]
    public void Phone_splits_into_area_code_and_number(string input, string areaCode, string number)
    {
        Assert.True(PhoneNumber.TryParse(input, out var phone));
        Assert.Equal(new PhoneNumber(areaCode, number), phone);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("(10) 98765-4321")]
    [InlineData("123456789")]
    public void Phone_rejects_unusable_numbers(string? input) => Assert.False(PhoneNumber.TryParse(input, out _));

    [Theory]
    [InlineData("01310-100", "01310100")]
    [InlineData(" 01.310-100 ", "01310100")]
    public void Postal_code_normalises_to_digits(string input, string digits)
    {
        Assert.True(PostalCode.TryNormalize(input, out var normalized));
        Assert.Equal(digits, normalized);
    }

    [Fact]
    public void All_27_states_with_their_IBGE_codes()
    {
        Assert.Equal(27, BrazilianStates.IbgeCodes.Count);
        Assert.Equal(35, BrazilianStates.IbgeCodes["SP"]);
        Assert.Equal(33, BrazilianStates.IbgeCodes["RJ"]);
        Assert.Equal(53, BrazilianStates.IbgeCodes["DF"]);
        Assert.Equal(27, BrazilianStates.IbgeCodes.Values.Distinct().Count());
        Assert.True(BrazilianStates.TryNormalize(" mg", out var uf));
        Assert.Equal("MG", uf);
        Assert.False(BrazilianStates.TryNormalize("GB", out _)); // Guanabara, merged into RJ in 1975
    }
}
