using ErpConnector.Domain.Deals;
using ErpConnector.Omie;
using ErpConnector.TestSupport.Deals;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>
/// Issue 15: a registered customer is saved with the order step that follows it in the same pass (one ledger write
/// less per deal). What must still hold: a crash before that save never sends a second order; the deal's history
/// still says what each step did.
/// </summary>
public sealed class When_steps_are_saved_together : DealSpec
{
    [Fact]
    public async Task The_customer_step_is_saved_with_the_order_step_and_its_note_kept()
    {
        var deal = await ReceiveAndAdvanceAsync();

        var history = await Ledger.HistoryAsync(deal.DealId);
        Assert.DoesNotContain(history, h => h.State == DealState.CustomerRegistered);
        var both = Assert.Single(history, h => h.State == DealState.OrderCreated);
        Assert.Contains("Customer registered in Omie", both.Note, StringComparison.Ordinal);
        Assert.Contains("Service order created in Omie", both.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_that_dies_after_incluiros_before_the_save_leaves_a_deal_that_asks_omie_before_a_second_order()
    {
        OmieOrderStatus? created = null;
        Omie.Next(ScriptedOmie.Create, () =>
        {
            // Omie applied IncluirOS; the worker dies before it saves anything about the customer or the order.
            created = new OmieOrderStatus(2002, "OS-BEFORE-THE-CRASH", "000042", "0", "Ordem de Serviço incluída com sucesso!");
            throw new ProcessDied();
        });
        var received = await Intake.RecordAsync(DealWonBuilder.AWonDeal().Build(), default);
        var dealId = received.ToAdvance!.DealId;
        await Assert.ThrowsAsync<ProcessDied>(() => Processor.AdvanceAsync(received.ToAdvance, default));
        Assert.Equal(DealState.Received, (await ReadAsync(dealId)).State);

        // Another worker takes the deal over once the dead one's lease expires; Omie has the order.
        Omie.Next(ScriptedOmie.Find, () => created);
        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var deal = await SweepAsync(dealId);

        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Create));
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Find));
        Assert.Equal(2002, deal.OmieOrderId);
        Assert.True(DealState.IsInProgress(deal.State) || deal.State == DealState.Issued);
        Assert.NotEqual(DealState.Received, deal.State);
    }

    /// <summary>Stands for the process ending at that point: nothing after it runs.</summary>
    private sealed class ProcessDied : Exception;
}
