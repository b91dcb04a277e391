using ErpConnector.Domain.Deals;
using ErpConnector.Domain.TaxIds;

namespace ErpConnector.Domain.Tests.Deals;

public class IntegrationCodeTests
{
    [Theory]
    [InlineData("12.abc.345/01de-35", "C12ABC34501DE35")]
    [InlineData("11.222.333/0001-81", "C11222333000181")]
    [InlineData("123.456.789-09", "C12345678909")]
    public void Customer_code_is_the_normalised_document(string document, string code)
    {
        Assert.True(TaxId.TryParse(document, out var id));
        Assert.Equal(code, CustomerIntegrationCode.For(id));
        Assert.True(code.Length <= OmieFieldLimits.IntegrationCodeMaxLength);
    }

    [Fact]
    public void Customer_code_is_the_same_for_every_spelling_of_a_document()
    {
        string[] spellings = ["12.ABC.345/01DE-35", "12abc34501de35", " 12 ABC 345 01DE 35 "];
        var codes = spellings.Select(s => CustomerIntegrationCode.For(TaxId.Parse(s).Value!.Value)).Distinct();
        Assert.Single(codes);
    }

    [Fact]
    public void Customer_code_refuses_an_unvalidated_document()
    {
        Assert.Throws<ArgumentException>(() => CustomerIntegrationCode.For(default));
        Assert.Throws<ArgumentException>(() => CustomerIntegrationCode.For(new TaxId(TaxIdKind.Cnpj, "12ABC34501DE36")));
        Assert.Throws<ArgumentException>(() => CustomerIntegrationCode.For(new TaxId(TaxIdKind.Cpf, "12ABC34501DE35")));
    }

    [Theory]
    [InlineData("deal-42", "Ddeal-42")]
    [InlineData("HS_9876543210", "DHS_9876543210")]
    [InlineData("1234567890123456789", "D1234567890123456789")] // 19 characters: exactly fits
    public void Short_readable_deal_ids_are_kept(string dealId, string code) =>
        Assert.Equal(code, OrderIntegrationCode.For(dealId));

    [Theory]
    [InlineData("12345678901234567890")] // 20 characters: "D" + 20 does not fit
    [InlineData("deal 42")] // space
    [InlineData("negócio-42")]
    [InlineData("crm:deal/42")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    public void Other_deal_ids_are_hashed_to_20_characters(string dealId)
    {
        var code = OrderIntegrationCode.For(dealId);
        Assert.Equal(20, code.Length);
        Assert.Matches("^D[A-Z2-7]{19}$", code);
        Assert.Equal(code, OrderIntegrationCode.For(dealId));
    }

    [Fact]
    public void Hash_is_base32_of_SHA256_over_UTF8()
    {
        // Recomputed bit by bit so the test does not share the implementation's encoder.
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("deal 42"));
        var bits = string.Concat(hash.Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        var expected = "D" + string.Concat(Enumerable.Range(0, 19).Select(i => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[Convert.ToInt32(bits.Substring(i * 5, 5), 2)]));
        Assert.Equal(expected, OrderIntegrationCode.For("deal 42"));
    }

    [Fact]
    public void Different_deal_ids_get_different_hashed_codes()
    {
        var codes = Enumerable.Range(0, 10_000).Select(i => OrderIntegrationCode.For($"deal number {i}")).ToHashSet();
        Assert.Equal(10_000, codes.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Requires_a_deal_id(string? dealId) =>
        Assert.ThrowsAny<ArgumentException>(() => OrderIntegrationCode.For(dealId!));
}
