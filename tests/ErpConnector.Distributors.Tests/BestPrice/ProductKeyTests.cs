using ErpConnector.Distributors.BestPrice;
using ErpConnector.Distributors.Feeds;

namespace ErpConnector.Distributors.Tests.BestPrice;

public sealed class ProductKeyTests
{
    private static string? Key(MatchBy by, string vendor, string part, string ean)
    {
        Span<char> buffer = stackalloc char[ProductKey.MaxLength];
        return ProductKey.TryWrite(by, vendor, part, ean, buffer, out var n) ? new string(buffer[..n]) : null;
    }

    [Fact]
    public void Vendor_and_part_number_are_upper_cased_trimmed_and_joined_by_a_colon()
    {
        Assert.Equal("HP INC.:6QN29A", Key(MatchBy.VendorPart, "  hp   Inc. ", " 6qn29a ", "0885909950805"));
        Assert.Null(Key(MatchBy.VendorPart, "", "6QN29A", ""));
        Assert.Null(Key(MatchBy.VendorPart, "HP", " ", ""));
    }

    [Fact]
    public void By_ean_a_upc_and_its_ean13_form_are_the_same_product_and_a_row_without_one_falls_back_to_the_part_number()
    {
        Assert.Equal("00885909950805", Key(MatchBy.Ean, "HP", "X", "885909950805"));
        Assert.Equal("00885909950805", Key(MatchBy.Ean, "Dell", "Y", "0885909950805"));
        Assert.Equal("HP:X", Key(MatchBy.Ean, "HP", "X", ""));
        Assert.Equal("HP:X", Key(MatchBy.Ean, "HP", "X", "not-an-ean"));
        Assert.Equal("HP:X", Key(MatchBy.Ean, "HP", "X", "0000000000000")); // a placeholder, not a product
    }

    [Fact]
    public void A_key_typed_by_a_caller_is_normalised_as_stored_and_nonsense_is_refused()
    {
        Assert.Equal("00885909950805", ProductKey.Normalize("885909950805"));
        Assert.Equal("HP INC.:6QN29A/ABA", ProductKey.Normalize("hp inc.:6qn29a/aba"));
        Assert.Null(ProductKey.Normalize("no-colon"));
        Assert.Null(ProductKey.Normalize(":part"));
        Assert.Null(ProductKey.Normalize(new string('x', 300) + ":1"));
        Assert.Null(ProductKey.Normalize(" "));
    }

    [Theory]
    [InlineData("Y", true)]
    [InlineData("n", false)]
    [InlineData("12", true)]
    [InlineData("0", false)]
    [InlineData("0.00", false)]
    [InlineData("", null)]
    [InlineData("call us", null)]
    public void Stock_columns_are_read_as_flags_or_quantities(string text, bool? expected) =>
        Assert.Equal(expected, StockText.Parse(text));
}
