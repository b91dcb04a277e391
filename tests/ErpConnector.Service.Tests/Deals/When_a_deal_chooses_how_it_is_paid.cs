using ErpConnector.Domain.Deals;
using ErpConnector.Omie;
using ErpConnector.Service.Deals;
using ErpConnector.TestSupport.Deals;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>Issue 11: DealWon.paymentMethod decides IncluirOS's Email block (the NFS-e link always, boleto or PIX at most one).</summary>
public sealed class When_a_deal_chooses_how_it_is_paid
{
    [Theory]
    [InlineData(null, OmieCharge.None)]
    [InlineData("", OmieCharge.None)]
    [InlineData("none", OmieCharge.None)]
    [InlineData("boleto", OmieCharge.Boleto)]
    [InlineData("pix", OmieCharge.Pix)]
    public void The_email_block_sends_the_link_to_the_customer_and_the_chosen_charge(string? method, OmieCharge charge)
    {
        var won = DealWonBuilder.AWonDeal().Build() with { PaymentMethod = method };
        var order = OmieDealMapping.ToServiceOrder(won, "OS-1", 1, "C-1", new DateOnly(2026, 11, 20));
        Assert.Equal(new OmieOrderEmail(won.Customer!.Email.Trim(), true, charge), order.Email);
    }

    [Fact]
    public void Any_other_method_is_rejected_at_intake_naming_the_field()
    {
        var won = DealWonBuilder.AWonDeal().Build() with { PaymentMethod = "cheque" };
        var error = Assert.Single(DealValidation.Validate(won));
        Assert.Equal(("paymentMethod", "paymentMethod.unknown"), (error.Field, error.Code));
    }

    [Fact]
    public void The_boleto_sample_is_valid()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "ErpConnector.sln"))) root = root.Parent!;
        var won = DealPayload.Deserialize(File.ReadAllText(Path.Combine(root.FullName, "contracts", "samples", "deal-won-boleto.json")));
        Assert.Empty(DealValidation.Validate(won));
        Assert.Equal("boleto", won.PaymentMethod);
    }
}
