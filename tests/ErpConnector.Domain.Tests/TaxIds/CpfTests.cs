using ErpConnector.Domain.TaxIds;

namespace ErpConnector.Domain.Tests.TaxIds;

public class CpfTests
{
    [Theory]
    [InlineData("12345678909")]
    [InlineData("52998224725")]
    public void Accepts_valid_values(string cpf) => Assert.True(Cpf.IsValid(cpf));

    [Theory]
    [InlineData("12345678908")]
    [InlineData("12345678919")]
    [InlineData("52998224724")]
    public void Rejects_wrong_check_digits(string cpf) => Assert.False(Cpf.IsValid(cpf));

    [Theory]
    [InlineData("00000000000")]
    [InlineData("11111111111")]
    [InlineData("22222222222")]
    [InlineData("33333333333")]
    [InlineData("44444444444")]
    [InlineData("55555555555")]
    [InlineData("66666666666")]
    [InlineData("77777777777")]
    [InlineData("88888888888")]
    [InlineData("99999999999")]
    public void Rejects_the_ten_repeated_values(string cpf) => Assert.False(Cpf.IsValid(cpf));

    [Theory]
    [InlineData("123.456.789-09")]
    [InlineData("1234567890")]
    [InlineData("123456789090")]
    [InlineData("12345678A09")]
    [InlineData("12٣45678909")]
    [InlineData("12３45678909")]
    [InlineData("")]
    public void Rejects_anything_but_11_ASCII_digits(string cpf) => Assert.False(Cpf.IsValid(cpf));
}
