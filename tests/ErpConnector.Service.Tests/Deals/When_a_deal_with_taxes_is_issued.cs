using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.TestSupport.Deals;
using MassTransit.Testing;

namespace ErpConnector.Service.Tests.Deals;

public sealed class When_a_deal_with_taxes_is_issued : DealSpec
{
    private NfseIssued IssuedMessage(string dealId) =>
        Assert.Single(Bus.Published.Select<NfseIssued>(), m => m.Context.Message.DealId == dealId).Context.Message;

    [Fact]
    public async Task finance_is_told_the_gross_withheld_and_net_amounts()
    {
        // 2 × 750.25 = 1,500.50; withheld ISS 30.01 + IRRF 22.51 + PIS 9.75 + COFINS 45.02 + CSLL 15.01 = 122.30.
        var deal = await ReceiveAndAdvanceAsync(DealWonBuilder.AWonDeal().WithTaxes(DealSamples.WithheldTaxes()).Build());
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(DealState.Issued, deal.State);

        var issued = IssuedMessage(deal.DealId);
        Assert.Equal((1500.50m, 1500.50m, 122.30m, 1378.20m), (issued.Total, issued.GrossAmount, issued.WithheldAmount, issued.NetAmount));
    }

    [Fact]
    public async Task without_taxes_the_net_is_the_gross()
    {
        var deal = await ReceiveAndAdvanceAsync();
        deal = await SweepAsync(deal.DealId);

        var issued = IssuedMessage(deal.DealId);
        Assert.Equal((1500.50m, 1500.50m, 0m, 1500.50m), (issued.Total, issued.GrossAmount, issued.WithheldAmount, issued.NetAmount));
    }

    [Fact]
    public async Task iss_withheld_at_omies_rate_leaves_withheld_and_net_unknown()
    {
        var deal = await ReceiveAndAdvanceAsync(DealWonBuilder.AWonDeal().WithTaxes(new DealServiceTaxes { IssWithheld = true }).Build());
        deal = await SweepAsync(deal.DealId);

        var issued = IssuedMessage(deal.DealId);
        Assert.Equal((1500.50m, (decimal?)null, (decimal?)null), (issued.GrossAmount, issued.WithheldAmount, issued.NetAmount));
    }
}
