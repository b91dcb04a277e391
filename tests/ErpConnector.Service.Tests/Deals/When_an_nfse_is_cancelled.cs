using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Omie;
using ErpConnector.Service.Deals;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>Issue 11: a cancellation is confirmed only by Omie, refused back to issued, and never sent twice.</summary>
public sealed class When_an_nfse_is_cancelled : DealSpec
{
    private const string Reason = "Serviço não prestado: cliente desistiu";

    private static OmieInvoiceStatus CancelledStatus => new()
    {
        Invoiced = true, Cancelled = true, CancelledOn = "21/11/2026", Rps = [new OmieRps("005", "2026/1", "V", "", [])],
    };

    private async Task<Deal> RequestedAsync()
    {
        var deal = await SeedAsync(DealState.Issued);
        var result = await Cancel.RequestAsync(deal.DealId, Reason, "key:finance", default);
        Assert.Equal(DealCancelRequest.Outcome.Requested, result.Outcome);
        return await ReleasedAsync(deal.DealId);
    }

    [Fact]
    public async Task CancelarOS_is_sent_once_and_the_deal_is_cancelled_only_when_omie_confirms()
    {
        var deal = await RequestedAsync();
        Assert.Equal(DealState.CancelRequested, deal.State);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Cancel));
        Assert.NotNull(deal.Cancellation!.CalledAt);
        Assert.Equal(0, Published<NfseCancelled>(deal.DealId, m => m.DealId)); // the 200 alone proves nothing

        Omie.Next(ScriptedOmie.Status, () => ScriptedOmie.StatusWith("004"));
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(DealState.CancelRequested, deal.State);

        Omie.Next(ScriptedOmie.Status, () => CancelledStatus);
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(DealState.Cancelled, deal.State);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Cancel));
        var cancelled = Assert.Single(Bus.Published.Select<NfseCancelled>()).Context.Message;
        Assert.Equal((deal.DealId, Reason, "key:finance", "2026/1"), (cancelled.DealId, cancelled.Reason, cancelled.RequestedBy, cancelled.NfseNumber));
        Assert.Contains($"Cancellation requested by key:finance: {Reason}", await NotesAsync(deal.DealId));
    }

    [Fact]
    public async Task A_second_request_joins_the_first()
    {
        var deal = await RequestedAsync();
        var again = await Cancel.RequestAsync(deal.DealId, "Outro motivo qualquer, longo", "key:other", default);
        Assert.Equal(DealCancelRequest.Outcome.Joined, again.Outcome);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Cancel));
        Assert.Equal(Reason, (await ReadAsync(deal.DealId)).Cancellation!.Reason);
    }

    [Fact]
    public async Task Ten_requests_at_once_start_one_cancellation_and_send_CancelarOS_once()
    {
        var deal = await SeedAsync(DealState.Issued);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => Cancel.RequestAsync(deal.DealId, $"{Reason} ({i})", "key:finance", default))));

        Assert.Single(results, r => r.Outcome == DealCancelRequest.Outcome.Requested);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { DealCancelRequest.Outcome.Requested, DealCancelRequest.Outcome.Joined, DealCancelRequest.Outcome.Busy }));
        await ReleasedAsync(deal.DealId);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Cancel));
        Assert.Single(await NotesAsync(deal.DealId), n => n.StartsWith("Cancellation requested by", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DealState.Invoiced, DealCancelRequest.Outcome.NoNfse)]
    [InlineData(DealState.Failed, DealCancelRequest.Outcome.NoNfse)]
    [InlineData(DealState.Rejected, DealCancelRequest.Outcome.NoNfse)]
    public async Task A_deal_without_an_nfse_cannot_be_cancelled(string state, DealCancelRequest.Outcome expected)
    {
        var deal = await SeedAsync(state);
        Assert.Equal(expected, (await Cancel.RequestAsync(deal.DealId, Reason, "x", default)).Outcome);
        Assert.Equal(0, Omie.CountOf(ScriptedOmie.Cancel));
    }

    [Fact]
    public async Task A_refusal_past_the_citys_window_goes_back_to_issued_with_the_fix_and_is_not_retried()
    {
        var deal = await RequestedAsync();
        Omie.Next(ScriptedOmie.Status, () => ScriptedOmie.StatusWith("004",
            City("E0205", "Prazo para cancelamento da NFS-e expirado: o município aceita cancelamentos em até 2 dia(s) após a emissão.")));
        deal = await SweepAsync(deal.DealId);

        Assert.Equal(DealState.Issued, deal.State);
        Assert.Equal("cancellation-refused", deal.Error!.Category);
        Assert.Equal("E0205", deal.Error.Code);
        Assert.Contains("substituta", deal.Error.CorrectiveAction, StringComparison.Ordinal);
        Assert.Null(deal.NextDueAt);
        Assert.Equal(1, Published<NfseCancellationRefused>(deal.DealId, m => m.DealId));
        Assert.Equal(0, Published<NfseCancelled>(deal.DealId, m => m.DealId));
    }

    [Fact]
    public async Task A_crash_right_after_CancelarOS_only_asks_StatusOS_afterwards()
    {
        var deal = await SeedAsync(DealState.CancelRequested, s => s with
        {
            Nfse = new DealNfse("2026/1", "V", "", T0), OmieOrderId = 2002, OrderCode = OrderIntegrationCode.For(s.DealId),
            Cancellation = new DealCancellation(Reason, "key:finance", T0, null, null), NextDueAt = T0,
        });
        // The process dies while CancelarOS is in flight (after Omie applied it): nothing after the call is saved.
        Omie.Next(ScriptedOmie.Cancel, () => throw new InvalidOperationException("kill -9"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => SweepAsync(deal.DealId));
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Cancel));

        Clock.Advance(Lease + TimeSpan.FromSeconds(1)); // the dead worker's lease expires; the sweeper takes over
        Omie.Next(ScriptedOmie.Status, () => CancelledStatus);
        deal = await SweepAsync(deal.DealId);

        Assert.Equal(DealState.Cancelled, deal.State);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Cancel));
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Status));
    }

    [Fact]
    public async Task A_lost_answer_to_CancelarOS_is_never_answered_by_sending_it_again()
    {
        var deal = await SeedAsync(DealState.Issued);
        Omie.Next(ScriptedOmie.Cancel, () => throw new OmieTransportException("CancelarOS", null, "timeout"));
        await Cancel.RequestAsync(deal.DealId, Reason, "key:finance", default);
        deal = await ReleasedAsync(deal.DealId);
        Assert.Equal(DealState.CancelRequested, deal.State);

        Omie.Next(ScriptedOmie.Status, () => ScriptedOmie.StatusWith("004"));
        deal = await SweepAsync(deal.DealId);
        Omie.Next(ScriptedOmie.Status, () => CancelledStatus);
        deal = await SweepAsync(deal.DealId);

        Assert.Equal(DealState.Cancelled, deal.State);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Cancel));
    }

    [Fact]
    public async Task Omie_refusing_CancelarOS_outright_refuses_the_request_with_its_words()
    {
        var deal = await SeedAsync(DealState.Issued);
        Omie.Next(ScriptedOmie.Cancel, () => throw ScriptedOmie.Fault("CancelarOS", "ERROR: A OS [OS-1] não possui NFS-e autorizada para ser cancelada!", "SOAP-ENV:Client-102"));
        await Cancel.RequestAsync(deal.DealId, Reason, "key:finance", default);
        deal = await ReleasedAsync(deal.DealId);

        Assert.Equal(DealState.Issued, deal.State);
        Assert.Contains("não possui NFS-e autorizada", deal.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(1, Published<NfseCancellationRefused>(deal.DealId, m => m.DealId));
    }

    [Fact]
    public async Task A_cancellation_omie_never_confirms_goes_back_to_issued_for_a_person_to_check()
    {
        Options.CancellationConfirmWithin = TimeSpan.FromMinutes(5);
        var deal = await RequestedAsync();
        Omie.Always(ScriptedOmie.Status, () => ScriptedOmie.StatusWith("004"));
        for (var i = 0; i < 10 && deal.State == DealState.CancelRequested; i++)
            deal = await SweepAsync(deal.DealId);

        Assert.Equal(DealState.Issued, deal.State);
        Assert.Equal("cancellation-unconfirmed", deal.Error!.Category);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Cancel));
    }

    private async Task<Deal> ReleasedAsync(string dealId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var deal = await ReadAsync(dealId);
            if (deal.Lease is null) return deal;
            Assert.True(DateTime.UtcNow < deadline, "The background pass did not finish within 10 s.");
            await Task.Delay(10);
        }
    }
}
