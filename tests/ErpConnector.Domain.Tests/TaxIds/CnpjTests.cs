using ErpConnector.Domain.TaxIds;

namespace ErpConnector.Domain.Tests.TaxIds;

public class CnpjTests
{
    [Theory]
    [InlineData("12ABC34501DE35")] // official alphanumeric example (IN RFB 2.229/2024)
    [InlineData("11222333000181")]
    [InlineData("00000000E08G12")] // reported early real one: the ASCII−48 arithmetic gives 1 (sum 175) and 2 (sum 229)
    public void Accepts_valid_normalised_values(string cnpj) => Assert.True(Cnpj.IsValid(cnpj));

    [Theory]
    [InlineData("12ABC34501DE36")]
    [InlineData("12ABC34501DE53")]
    [InlineData("11222333000182")]
    [InlineData("11222333000191")]
    [InlineData("00000000E08G60")] // what base 36 would compute for this body
    public void Rejects_wrong_check_digits(string cnpj) => Assert.False(Cnpj.IsValid(cnpj));

    [Fact]
    public void Base36_mapping_gives_other_check_digits_and_they_are_rejected()
    {
        const string body = "12ABC34501DE";
        Assert.Equal("45", Base36CheckDigits(body));
        Assert.True(Cnpj.IsValid(body + "35"));
        Assert.False(Cnpj.IsValid(body + "45"));
    }

    [Fact]
    public void Rejects_all_zeros_although_the_arithmetic_passes() => Assert.False(Cnpj.IsValid("00000000000000"));

    [Theory]
    [InlineData("11111111111111")]
    [InlineData("99999999999999")]
    public void Other_repeated_values_fail_the_arithmetic(string cnpj) => Assert.False(Cnpj.IsValid(cnpj));

    [Theory]
    [InlineData("12abc34501de35")] // IsValid is strict: normalising is Parse's job
    [InlineData("12.ABC.345/01DE-35")]
    [InlineData("12ABC34501DE3")]
    [InlineData("12ABC34501DE355")]
    [InlineData("")]
    [InlineData("12ABC34501DEA5")] // check digits are always digits
    [InlineData("12ABC34501D!35")]
    public void Rejects_anything_but_the_strict_form(string cnpj) => Assert.False(Cnpj.IsValid(cnpj));

    [Fact]
    public void Rejects_C_cedilla_although_a_naive_check_would_accept_it()
    {
        // 'Ç' − '0' = 151 = 19 + 12 × 11: same residue as 'C', so char.IsLetter-based code accepts it.
        const string trap = "12ABÇ34501DE35";
        Assert.True(NaiveIsValid(trap));
        Assert.False(Cnpj.IsValid(trap));
    }

    [Theory]
    [InlineData("11222٣33000181")] // Arabic-Indic three: '3' + 1584 = '3' + 144 × 11
    [InlineData("11222３33000181")] // full-width three
    [InlineData("11222333000１81")] // full-width one
    public void Rejects_non_ASCII_digits(string trap) => Assert.False(Cnpj.IsValid(trap));

    [Fact]
    public void Arabic_indic_trap_passes_a_naive_check() => Assert.True(NaiveIsValid("11222٣33000181"));

    private static string Base36CheckDigits(string body)
    {
        int[] w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], w2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
        var values = body.Select(c => char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10).ToList();
        var d1 = Digit(values.Select((v, i) => v * w1[i]).Sum());
        values.Add(d1);
        var d2 = Digit(values.Select((v, i) => v * w2[i]).Sum());
        return $"{d1}{d2}";
    }

    // The kind of check found in public code: char.IsLetterOrDigit and value = c − '0'.
    private static bool NaiveIsValid(string cnpj)
    {
        if (cnpj.Length != 14 || !cnpj.Take(12).All(char.IsLetterOrDigit))
            return false;
        int[] w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], w2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
        var values = cnpj.Take(12).Select(c => c - '0').ToList();
        var d1 = Digit(values.Select((v, i) => v * w1[i]).Sum());
        values.Add(d1);
        var d2 = Digit(values.Select((v, i) => v * w2[i]).Sum());
        return cnpj[12] - '0' == d1 && cnpj[13] - '0' == d2;
    }

    private static int Digit(int sum) => sum % 11 < 2 ? 0 : 11 - sum % 11;
}
