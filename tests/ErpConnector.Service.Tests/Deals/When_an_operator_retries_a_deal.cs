using ErpConnector.Domain.Deals;
using ErpConnector.Service.Deals;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>Issue #10, defect 3: only failed, stuck or uncertain deals can be retried.</summary>
public sealed class When_an_operator_retries_a_deal : DealSpec
{
    [Theory]
    [InlineData(DealState.Issued)]
    [InlineData(DealState.Rejected)]
    public async Task A_finished_deal_is_not_retryable_even_when_flagged_stuck(string state)
    {
        var deal = await SeedAsync(state, s => s with { Stuck = true });
        var result = await Retry.RetryAsync(deal.DealId, default);

        Assert.Equal(DealRetry.Outcome.NotRetryable, result.Outcome);
        var read = await ReadAsync(deal.DealId);
        Assert.Equal(state, read.State);
        Assert.Null(read.NextDueAt);
        Assert.Null(read.Lease);
    }

    [Fact]
    public async Task Twenty_retries_at_once_start_one_pass_and_tell_the_others_it_is_busy()
    {
        var deal = await SeedAsync(DealState.Failed, s => s with
        {
            FailedStep = DealState.Invoiced, Attempts = 5, Error = new DealError("tax-authority-unavailable", "E999", "Erro", "Aguarde"),
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Retry.RetryAsync(deal.DealId, default))));

        Assert.Single(results, r => r.Outcome == DealRetry.Outcome.Retrying);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { DealRetry.Outcome.Retrying, DealRetry.Outcome.Busy, DealRetry.Outcome.NotRetryable }));
        Assert.Single(await NotesAsync(deal.DealId), n => n == "Retry requested by an operator.");
    }

    [Fact]
    public async Task A_deal_on_its_way_that_is_neither_stuck_nor_uncertain_is_left_to_the_connector()
    {
        var deal = await SeedAsync(DealState.OrderCreated);
        Assert.Equal(DealRetry.Outcome.NotRetryable, (await Retry.RetryAsync(deal.DealId, default)).Outcome);
    }

    [Fact]
    public async Task A_failed_deal_resumes_at_its_step_asks_omie_first_and_never_invoices_twice()
    {
        var deal = await SeedAsync(DealState.Failed, s => s with
        {
            FailedStep = DealState.Invoiced, Attempts = 5, Error = new DealError("tax-authority-unavailable", "E999", "Erro", "Aguarde"),
        });
        var result = await Retry.RetryAsync(deal.DealId, default);
        Assert.Equal(DealRetry.Outcome.Retrying, result.Outcome);

        var read = await WaitUntilReleasedAsync(deal.DealId);
        Assert.Equal(DealState.Issued, read.State);
        Assert.Equal(0, Omie.CountOf(ScriptedOmie.Invoice));
        Assert.Contains("Retry requested by an operator.", await NotesAsync(deal.DealId));
    }

    [Fact]
    public async Task A_stuck_deal_is_retried_and_no_longer_stuck()
    {
        var deal = await SeedAsync(DealState.OrderCreated, s => s with { Stuck = true, NextDueAt = T0.AddHours(12) });
        Assert.Equal(DealRetry.Outcome.Retrying, (await Retry.RetryAsync(deal.DealId, default)).Outcome);

        var read = await WaitUntilReleasedAsync(deal.DealId);
        Assert.False(read.Stuck);
        Assert.Equal(DealState.Invoiced, read.State);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Status)); // uncertain: asked before FaturarOS
    }

    [Fact]
    public async Task A_deal_a_worker_holds_is_busy()
    {
        var deal = await SeedAsync(DealState.Failed, s => s with { FailedStep = DealState.Received });
        await Ledger.TryClaimAsync(deal.DealId, "another-worker", T0, Lease);
        Assert.Equal(DealRetry.Outcome.Busy, (await Retry.RetryAsync(deal.DealId, default)).Outcome);
    }

    [Fact]
    public void The_deal_itself_refuses_to_retry_an_issued_deal()
    {
        var issued = Deal.Restore(new DealSnapshot { DealId = "d", EventId = "e", State = DealState.Issued, Payload = "{}", Stuck = true });
        Assert.False(issued.CanBeRetried);
        var error = Assert.Throws<DealTransitionException>(() => issued.Retry(T0));
        Assert.Contains("issued", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The retry advances the deal in the background; its lease is released when the pass ends.</summary>
    private async Task<Deal> WaitUntilReleasedAsync(string dealId)
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
