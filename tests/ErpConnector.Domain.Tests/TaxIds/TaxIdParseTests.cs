using ErpConnector.Domain.TaxIds;

namespace ErpConnector.Domain.Tests.TaxIds;

public class TaxIdParseTests
{
    [Theory]
    [InlineData("12.ABC.345/01DE-35", "12ABC34501DE35")]
    [InlineData("12abc34501de35", "12ABC34501DE35")]
    [InlineData("12ABC34501DE35", "12ABC34501DE35")]
    [InlineData("  12.abc.345/01de-35\t", "12ABC34501DE35")]
    [InlineData("12 ABC 345 01DE 35", "12ABC34501DE35")]
    [InlineData("12.ABC.345/01DE-35\u00A0", "12ABC34501DE35")] // no-break space from a spreadsheet
    [InlineData("11.222.333/0001-81", "11222333000181")]
    [InlineData("00000000E08G12", "00000000E08G12")]
    [InlineData("00.000.000/E08G-12", "00000000E08G12")]
    public void Parses_CNPJ_in_any_mask(string input, string normalized)
    {
        var result = Parse(input);
        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal(new TaxId(TaxIdKind.Cnpj, normalized), result.Value);
        Assert.Null(result.ErrorCode);
    }

    [Theory]
    [InlineData("123.456.789-09")]
    [InlineData("12345678909")]
    [InlineData(" 123 456 789 09 ")]
    [InlineData("123456789-09")]
    public void Parses_CPF_in_any_mask(string input)
    {
        var result = Parse(input);
        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal(new TaxId(TaxIdKind.Cpf, "12345678909"), result.Value);
    }

    [Fact]
    public void Formats_for_people()
    {
        Assert.Equal("12.ABC.345/01DE-35", Parse("12abc34501de35").Value!.Value.Formatted);
        Assert.Equal("11.222.333/0001-81", Parse("11222333000181").Value!.Value.Formatted);
        Assert.Equal("123.456.789-09", Parse("12345678909").Value!.Value.Formatted);
        Assert.Equal("", default(TaxId).Formatted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Requires_a_value(string? input) => AssertError(input, "document.required", "CPF (11 digits) or CNPJ (14 characters)");

    [Theory]
    [InlineData("1234567890123", "got 13")]
    [InlineData("123456789", "got 9")]
    [InlineData("12.ABC.345/01DE-351", "got 15")]
    [InlineData("./-", "got 0")]
    [InlineData("123456789012345678901234567890", "got 30")]
    public void Reports_length_after_removing_the_mask(string input, string got) =>
        AssertError(input, "document.length", "must have 11 (CPF) or 14 (CNPJ) characters after removing . / -", got);

    [Theory]
    [InlineData("12.ABÇ.345/01DE-35", "'Ç' (U+00C7) at position 6")] // passes a naive check: 'Ç' = 'C' + 12 × 11
    [InlineData("11.222.٣33/0001-81", "'٣' (U+0663) at position 8")] // Arabic-Indic digit, also a multiple of 11 away
    [InlineData("11.222.３33/0001-81", "'３' (U+FF13) at position 8")] // full-width digit
    [InlineData("123.456.789_09", "'_' (U+005F) at position 12")]
    [InlineData("12ABC34501DE3\u200B5", "(U+200B) at position 14")] // zero-width space is not white space
    [InlineData("1234567890😀1", "(U+1F600) at position 11")]
    public void Reports_the_offending_character_and_its_position(string input, string detail) =>
        AssertError(input, "document.characters", "only A–Z and 0–9 are allowed", detail);

    [Theory]
    [InlineData("123.456.7A9-09")]
    [InlineData("abcdefghijk")]
    public void Rejects_letters_in_a_CPF(string input) => AssertError(input, "document.letters_in_cpf", "a CPF has digits only");

    [Fact]
    public void Rejects_letters_in_CNPJ_check_digits() =>
        AssertError("12.ABC.345/01DE-3A", "document.check_digits_not_numeric", "always 0–9", "'3A'");

    [Theory]
    [InlineData("000.000.000-00")]
    [InlineData("111.111.111-11")]
    [InlineData("99999999999")]
    public void Rejects_repeated_CPF(string input) => AssertError(input, "document.repeated", "CPF");

    [Fact]
    public void Rejects_the_zero_CNPJ() => AssertError("00.000.000/0000-00", "document.repeated", "CNPJ");

    [Fact]
    public void Names_the_expected_CNPJ_check_digits() =>
        AssertError("12.ABC.345/01DE-36", "document.check_digits", "expected 35", "got 36", "CNPJ");

    [Fact]
    public void Names_the_expected_CPF_check_digits() =>
        AssertError("123.456.789-10", "document.check_digits", "expected 09", "got 10", "CPF");

    [Fact]
    public void Rejects_the_base36_check_digits_of_the_official_example() =>
        AssertError("12.ABC.345/01DE-45", "document.check_digits", "expected 35");

    [Fact]
    public void Rejects_other_repeated_CNPJ_by_check_digits() =>
        AssertError("11.111.111/1111-11", "document.check_digits");

    [Fact]
    public void Every_message_starts_with_the_field_name()
    {
        string?[] inputs = [null, "123", "12Ç", "1234567890A", "12ABC34501DEAA", "11111111111", "00000000000000", "12345678900"];
        foreach (var input in inputs)
            Assert.StartsWith("document", Parse(input).ErrorMessage);
    }

    [Fact]
    public void TryParse_mirrors_Parse()
    {
        Assert.True(TaxId.TryParse("12.abc.345/01de-35", out var id));
        Assert.Equal(TaxIdKind.Cnpj, id.Kind);
        Assert.Equal("12ABC34501DE35", id.Normalized);
        Assert.False(TaxId.TryParse("12.ABC.345/01DE-36", out var invalid));
        Assert.Equal(default, invalid);
    }

    private static TaxIdParseResult Parse(string? input) => TaxId.Parse(input);

    private static void AssertError(string? input, string code, params string[] fragments)
    {
        var result = Parse(input);
        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal(code, result.ErrorCode);
        foreach (var fragment in fragments)
            Assert.Contains(fragment, result.ErrorMessage);
    }
}
