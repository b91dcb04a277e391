using ErpConnector.Domain.Deals;
using ErpConnector.Domain.TaxIds;
using ErpConnector.TestSupport.Deals;
using ErpConnector.TestSupport.TaxIds;

namespace ErpConnector.Domain.Tests.TestSupport;

/// <summary>
/// The shared builders and generators (tests/ErpConnector.TestSupport) hold what they promise: every suite that
/// uses them relies on a generated document being valid and a built deal passing validation.
/// </summary>
public sealed class SharedTestDataTests
{
    [Fact]
    public void Generated_cnpjs_and_cpfs_are_valid_and_distinct()
    {
        var numeric = Enumerable.Range(0, 500).Select(_ => TaxIdGenerator.NextCnpj()).ToList();
        var alphanumeric = Enumerable.Range(0, 500).Select(_ => TaxIdGenerator.NextAlphanumericCnpj()).ToList();
        var cpfs = Enumerable.Range(0, 500).Select(_ => TaxIdGenerator.NextCpf()).ToList();

        Assert.All(numeric, c => Assert.True(Cnpj.IsValid(c) && c.All(char.IsAsciiDigit), c));
        Assert.All(alphanumeric, c => Assert.True(Cnpj.IsValid(c) && c.Any(char.IsAsciiLetterUpper), c));
        Assert.All(cpfs, c => Assert.True(Cpf.IsValid(c), c));
        Assert.Equal(1500, numeric.Concat(alphanumeric).Concat(cpfs).Distinct().Count());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(11_111_111L)]
    [InlineData(99_999_999L)]
    [InlineData(1_234_567_890L)]
    public void Deterministic_documents_are_valid_for_any_seed(long seed)
    {
        Assert.True(Cnpj.IsValid(TaxIdGenerator.CnpjFor(seed)));
        Assert.True(Cnpj.IsValid(TaxIdGenerator.AlphanumericCnpjFor(seed)));
        Assert.True(Cpf.IsValid(TaxIdGenerator.CpfFor(seed)));
        Assert.Equal(TaxIdGenerator.CnpjFor(seed), TaxIdGenerator.CnpjFor(seed));
    }

    [Fact]
    public void Masked_documents_parse_back_to_the_bare_ones()
    {
        var cnpj = TaxIdGenerator.NextAlphanumericCnpj();
        var cpf = TaxIdGenerator.NextCpf();
        Assert.Equal(cnpj, TaxId.Parse(TaxIdGenerator.Masked(cnpj)).Value!.Value.Normalized);
        Assert.Equal(cpf, TaxId.Parse(TaxIdGenerator.Masked(cpf)).Value!.Value.Normalized);
    }

    [Fact]
    public void A_built_deal_passes_validation_with_either_kind_of_document()
    {
        Assert.Empty(DealValidation.Validate(DealWonBuilder.AWonDeal().Build()));
        Assert.Empty(DealValidation.Validate(DealWonBuilder.AWonDeal().WithDocument(TaxIdGenerator.NextAlphanumericCnpj()).Build()));
        Assert.Empty(DealValidation.Validate(DealWonBuilder.AWonDeal().WithDocument(TaxIdGenerator.NextCpf()).Build()));
    }
}
