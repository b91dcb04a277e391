using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Omie;
using ErpConnector.Service.Api;
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

    // What Omie's ConsultarOS answers for the order after IncluirOS: the connector's own figures for
    // DealSamples.WithheldTaxes() on 2 × 750.25 = 1,500.50 (ISS 30.01, IRRF 22.51, PIS 9.75, COFINS 45.02, CSLL 15.01),
    // with the ISS replaced by Omie's.
    private void OmieComputes(decimal iss) => Omie.Next(ScriptedOmie.Find, () => new OmieOrderStatus(2002, "", "000042", "50", "")
    {
        ServiceTaxes = [new OmieServiceTaxValues(iss, 22.51m, 9.75m, 45.02m, 15.01m, null)],
    });

    private async Task<DealView> ViewAsync(string dealId) => DealView.From(await ReadAsync(dealId), await Ledger.HistoryAsync(dealId));

    [Fact]
    public async Task omies_iss_two_centavos_apart_is_noted_for_finance_and_the_deal_is_still_issued()
    {
        OmieComputes(iss: 30.03m);

        var deal = await ReceiveAndAdvanceAsync(DealWonBuilder.AWonDeal().WithTaxes(DealSamples.WithheldTaxes()).Build());
        deal = await SweepUntilFinishedAsync(deal.DealId);

        Assert.Equal(DealState.Issued, deal.State);
        var warning = Assert.Single((await ViewAsync(deal.DealId)).Warnings);
        Assert.Equal("services[0].taxes.issRate", warning.Field);
        Assert.Contains("Omie computed ISS R$ 30.03 for services[0], the connector R$ 30.01", warning.Message);
        Assert.Contains(await NotesAsync(deal.DealId), n => n.StartsWith("Tax check services[0].taxes.issRate: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task omies_taxes_within_a_centavo_are_not_noted()
    {
        OmieComputes(iss: 30.02m); // a midpoint rounded the other way

        var deal = await ReceiveAndAdvanceAsync(DealWonBuilder.AWonDeal().WithTaxes(DealSamples.WithheldTaxes()).Build());
        deal = await SweepUntilFinishedAsync(deal.DealId);

        Assert.Equal(DealState.Issued, deal.State);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Find)); // compared, and found alike
        Assert.Empty((await ViewAsync(deal.DealId)).Warnings);
        Assert.DoesNotContain(await NotesAsync(deal.DealId), n => n.Contains("Tax check", StringComparison.Ordinal));
    }

    [Fact]
    public async Task omies_taxes_that_cannot_be_read_leave_the_deal_to_be_issued_uncompared()
    {
        Omie.Next(ScriptedOmie.Find, () => throw new OmieTransportException(ScriptedOmie.Find, null, "timeout"));

        var deal = await ReceiveAndAdvanceAsync(DealWonBuilder.AWonDeal().WithTaxes(DealSamples.WithheldTaxes()).Build());
        deal = await SweepUntilFinishedAsync(deal.DealId);

        Assert.Equal(DealState.Issued, deal.State);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Create));
        Assert.Contains(await NotesAsync(deal.DealId), n => n.EndsWith("the taxes were not compared.", StringComparison.Ordinal));
        Assert.Empty((await ViewAsync(deal.DealId)).Warnings);
    }

    [Fact]
    public async Task a_deal_that_leaves_its_taxes_to_omie_does_not_read_the_order_back()
    {
        var deal = await ReceiveAndAdvanceAsync();
        deal = await SweepUntilFinishedAsync(deal.DealId);

        Assert.Equal(DealState.Issued, deal.State);
        Assert.Equal(0, Omie.CountOf(ScriptedOmie.Find));
    }
}
