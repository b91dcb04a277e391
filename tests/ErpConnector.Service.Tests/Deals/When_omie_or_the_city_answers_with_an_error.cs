using ErpConnector.Domain.Deals;
using ErpConnector.Omie;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>One spec per action of the error classification table, as the processor carries it out.</summary>
public sealed class When_omie_or_the_city_answers_with_an_error : DealSpec
{
    private async Task<Deal> InvoicedAsync() => await ReceiveAndAdvanceAsync();

    [Fact]
    public async Task A_permanent_city_rejection_fails_at_once_with_the_citys_words_and_the_fix()
    {
        var deal = await InvoicedAsync();
        Omie.Next(ScriptedOmie.Status, () => ScriptedOmie.StatusWith("003", City("E0160", "Contribuinte não é optante do Simples Nacional.")));
        deal = await SweepAsync(deal.DealId);

        Assert.Equal(DealState.Failed, deal.State);
        Assert.Equal(DealState.Invoiced, deal.FailedStep);
        Assert.Equal("E0160", deal.Error!.Code);
        Assert.Equal("Contribuinte não é optante do Simples Nacional.", deal.Error.Message);
        Assert.Equal("invalid-tax-configuration", deal.Error.Category);
        Assert.NotEmpty(deal.Error.CorrectiveAction);
        Assert.Null(deal.NextDueAt);
        Assert.Equal(1, Failed(deal.DealId));
    }

    [Fact]
    public async Task A_transient_city_rejection_is_retried_on_schedule_and_the_rps_resent()
    {
        var deal = await InvoicedAsync();
        var pollAt = Clock.GetUtcNow();
        Omie.Next(ScriptedOmie.Status, () => ScriptedOmie.StatusWith("003", City("E999", "Erro não catalogado.")));
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(DealState.Invoiced, deal.State);
        Assert.True(deal.ResendPending);
        Assert.Equal(1, deal.Attempts);
        Assert.Equal(Clock.GetUtcNow() + Options.EffectiveRetrySchedule[0], deal.NextDueAt);
        Assert.True(deal.NextDueAt > pollAt);

        Omie.Next(ScriptedOmie.Status, () => ScriptedOmie.StatusWith("003", City("E999", "Erro não catalogado.")));
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Resend));
        Assert.False(deal.ResendPending);

        deal = await SweepAsync(deal.DealId);
        Assert.Equal(DealState.Issued, deal.State);
    }

    [Fact]
    public async Task Retries_used_up_fail_the_deal()
    {
        Options.RetrySchedule = [TimeSpan.FromMinutes(1)];
        Omie.Always(ScriptedOmie.Create, () => throw new OmieTransportException("IncluirOS", 503, "Service Unavailable"));
        Omie.Always(ScriptedOmie.Find, () => null);
        var deal = await ReceiveAndAdvanceAsync();
        deal = await SweepUntilFinishedAsync(deal.DealId);

        Assert.Equal(DealState.Failed, deal.State);
        Assert.Equal(DealState.CustomerRegistered, deal.FailedStep);
        Assert.Equal("HTTP-503", deal.Error!.Code);
        Assert.Equal(2, deal.Attempts);
    }

    [Fact]
    public async Task Omie_saying_the_step_is_already_done_looks_it_up_instead_of_repeating_it()
    {
        Omie.Next(ScriptedOmie.Invoice, () => throw ScriptedOmie.Fault("FaturarOS", "A OS 000042 já está faturada."));
        var deal = await ReceiveAndAdvanceAsync();

        // Looked up within the same pass (due at once): StatusOS says invoiced, so no second FaturarOS.
        Assert.Equal(DealState.Invoiced, deal.State);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Invoice));
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Status));
    }

    [Fact]
    public async Task A_customer_omie_no_longer_knows_is_registered_again_then_the_deal_continues()
    {
        Omie.Next(ScriptedOmie.Create, () => throw ScriptedOmie.Fault("IncluirOS", "Cliente não cadastrado para o Código de Integração [C-1]."));
        var deal = await ReceiveAndAdvanceAsync();

        Assert.Equal(2, Omie.CountOf(ScriptedOmie.Upsert));
        Assert.Equal(2, Omie.CountOf(ScriptedOmie.Create));
        Assert.Equal(DealState.Invoiced, deal.State);
    }

    [Fact]
    public async Task A_city_still_processing_is_polled_again_later()
    {
        var deal = await InvoicedAsync();
        Omie.Next(ScriptedOmie.Status, () => ScriptedOmie.StatusWith("003", City("E92", "Lote ainda não processado.")));
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(DealState.Invoiced, deal.State);
        Assert.Equal(Clock.GetUtcNow() + Options.PollInterval, deal.NextDueAt);
        Assert.Equal(0, deal.Attempts);
    }

    [Fact]
    public async Task A_stated_wait_is_honoured()
    {
        Omie.Next(ScriptedOmie.Create, () => throw ScriptedOmie.Fault("IncluirOS", "Consumo redundante detectado. Aguarde 30 segundos para tentar novamente.", "SOAP-ENV:REDUNDANT"));
        var deal = await ReceiveAndAdvanceAsync();
        Assert.Equal(DealState.CustomerRegistered, deal.State);
        Assert.Equal(T0.AddSeconds(30), deal.NextDueAt);
    }

    [Fact]
    public async Task A_blocked_app_key_makes_the_deal_wait_without_the_processor_deciding_a_pause()
    {
        Omie.Next(ScriptedOmie.Create, () => throw ScriptedOmie.Fault("IncluirOS",
            "API bloqueada por consumo indevido. Tente novamente em 120 segundos.", "SOAP-ENV:MISUSE_API_PROCESS"));
        var deal = await ReceiveAndAdvanceAsync();
        Assert.Equal(T0.AddSeconds(120), deal.NextDueAt);
        // The Omie transport is the one place that pauses the app_key; a scripted Omie never does.
        Assert.False(Limiter.IsPaused);
    }

    [Fact]
    public async Task An_nfse_cancelled_in_omie_before_it_was_seen_issued_ends_cancelled_and_finance_hears_it()
    {
        // Issue 11: RPS 005 is Omie's word that the NFS-e is cancelled (was: a failure for a person to look at).
        var deal = await InvoicedAsync();
        Omie.Next(ScriptedOmie.Status, () => ScriptedOmie.StatusWith("005"));
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(DealState.Cancelled, deal.State);
        Assert.Equal(1, Published<ErpConnector.Contracts.NfseCancelled>(deal.DealId, m => m.DealId));
        Assert.Equal(0, Failed(deal.DealId));
    }

    [Fact]
    public async Task An_unclassified_error_gets_a_few_retries_then_fails()
    {
        Omie.Always(ScriptedOmie.Create, () => throw ScriptedOmie.Fault("IncluirOS", "Algo inesperado aconteceu.", "SOAP-ENV:Client-9999"));
        var deal = await ReceiveAndAdvanceAsync();
        deal = await SweepUntilFinishedAsync(deal.DealId);
        Assert.Equal(DealState.Failed, deal.State);
        Assert.Equal("unknown", deal.Error!.Category);
        Assert.Equal(4, Omie.CountOf(ScriptedOmie.Create));
    }

    [Fact]
    public async Task A_permanent_omie_fault_fails_at_once()
    {
        Omie.Next(ScriptedOmie.Create, () => throw ScriptedOmie.Fault("IncluirOS", "Serviço não cadastrado para o Código de integração [01015]."));
        var deal = await ReceiveAndAdvanceAsync();
        Assert.Equal(DealState.Failed, deal.State);
        Assert.Equal("invalid-service-code", deal.Error!.Category);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Create));
    }
}
