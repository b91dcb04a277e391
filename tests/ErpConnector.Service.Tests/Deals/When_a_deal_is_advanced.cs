using ErpConnector.Domain.Deals;
using ErpConnector.Omie;

namespace ErpConnector.Service.Tests.Deals;

public sealed class When_a_deal_is_advanced : DealSpec
{
    [Fact]
    public async Task It_goes_from_received_to_issued_with_one_call_of_each_write()
    {
        var deal = await ReceiveAndAdvanceAsync();
        Assert.Equal(DealState.Invoiced, deal.State);
        Assert.Null(deal.Lease);
        Assert.Equal(T0 + Options.FirstPollDelay, deal.NextDueAt);

        deal = await SweepAsync(deal.DealId);
        Assert.Equal(DealState.Issued, deal.State);
        Assert.Equal("2026/123", deal.Nfse!.Number);
        Assert.Null(deal.NextDueAt);
        Assert.Equal(1, Issued(deal.DealId));
        Assert.Equal([1, 1, 1], new[] { Omie.CountOf(ScriptedOmie.Upsert), Omie.CountOf(ScriptedOmie.Create), Omie.CountOf(ScriptedOmie.Invoice) });
    }

    [Fact]
    public async Task An_uncertain_order_step_asks_omie_before_creating_a_second_order()
    {
        Omie.Next(ScriptedOmie.Create, () => throw new OmieTransportException("IncluirOS", null, "The operation has timed out."));
        var deal = await ReceiveAndAdvanceAsync();
        Assert.Equal(DealState.CustomerRegistered, deal.State);
        Assert.True(deal.Uncertain);

        Omie.Next(ScriptedOmie.Find, () => new OmieOrderStatus(2002, deal.OrderCode!, "000042", "0", "found"));
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Create));
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Find));
        Assert.Equal(DealState.Invoiced, deal.State);
        Assert.Equal(2002, deal.OmieOrderId);
    }

    [Fact]
    public async Task A_customer_omie_calls_already_registered_without_an_id_is_looked_up_not_looped()
    {
        Omie.Next(ScriptedOmie.Upsert, () => throw ScriptedOmie.Fault("UpsertCliente", "Cliente já cadastrado para o Código de Integração [C-1]."));
        Omie.Next(ScriptedOmie.FindCustomer, () => new OmieCustomerStatus(777, "C-1", "found"));
        var deal = await ReceiveAndAdvanceAsync();

        // Omie's "already done" made the deal look the customer up (same pass), not send UpsertCliente again.
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Upsert));
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.FindCustomer));
        Assert.Equal(777, deal.OmieCustomerId);
        Assert.Equal(DealState.Invoiced, deal.State);
    }

    [Fact]
    public async Task A_customer_omie_keeps_calling_already_registered_but_never_finds_fails_instead_of_looping_for_ever()
    {
        Omie.Always(ScriptedOmie.Upsert, () => throw ScriptedOmie.Fault("UpsertCliente", "Cliente já cadastrado."));
        var deal = await ReceiveAndAdvanceAsync();
        deal = await SweepUntilFinishedAsync(deal.DealId, passes: 10);

        Assert.Equal(DealState.Failed, deal.State);
        Assert.Equal(DealState.Received, deal.FailedStep);
        Assert.Contains("contradicted itself", deal.Error!.CorrectiveAction, StringComparison.Ordinal);
        Assert.Equal(1, Failed(deal.DealId));
    }

    [Fact]
    public async Task A_status_that_shows_the_order_not_invoiced_once_is_checked_again_before_a_second_invoice_request()
    {
        var deal = await ReceiveAndAdvanceAsync();
        Omie.Next(ScriptedOmie.Status, () => ScriptedOmie.NotInvoiced);
        deal = await SweepAsync(deal.DealId);
        // A lagging status must not become a second FaturarOS.
        Assert.Equal(DealState.Invoiced, deal.State);
        Assert.True(deal.Uncertain);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Invoice));

        // The next poll shows it invoiced after all: no second invoice request ever.
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(DealState.Issued, deal.State);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Invoice));
    }

    [Fact]
    public async Task An_order_omie_shows_not_invoiced_twice_in_a_row_is_invoiced_again_after_asking_once_more()
    {
        var deal = await ReceiveAndAdvanceAsync();
        Omie.Next(ScriptedOmie.Status, () => ScriptedOmie.NotInvoiced).Next(ScriptedOmie.Status, () => ScriptedOmie.NotInvoiced)
            .Next(ScriptedOmie.Status, () => ScriptedOmie.NotInvoiced);
        deal = await SweepAsync(deal.DealId);
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(2, Omie.CountOf(ScriptedOmie.Invoice));
        Assert.Equal(DealState.Invoiced, deal.State);
    }

    [Fact]
    public async Task A_paused_omie_is_not_called_and_the_deal_waits_for_the_pause()
    {
        Limiter.PauseUntil(T0.AddMinutes(30), "MISUSE_API_PROCESS");
        var deal = await ReceiveAndAdvanceAsync();
        Assert.Empty(Omie.Calls);
        Assert.Equal(DealState.Received, deal.State);
        Assert.Equal(T0.AddMinutes(30), deal.NextDueAt);
    }

    [Fact]
    public async Task A_limiter_that_gives_up_sends_nothing_and_tries_again_later()
    {
        Omie.Next(ScriptedOmie.Upsert, () => throw new OmieThrottledException("UpsertCliente", "waited longer than Omie:MaxQueueWait"));
        var deal = await ReceiveAndAdvanceAsync();
        Assert.Equal(DealState.Received, deal.State);
        Assert.False(deal.Uncertain);
        Assert.Equal(T0 + Options.ThrottleDefaultWait, deal.NextDueAt);
    }
}
