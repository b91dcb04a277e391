using ErpConnector.Domain.Deals;
using ErpConnector.Service.Deals;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>Issue 13: a deal handled outside the connector is dismissed, with who and why in its history.</summary>
public sealed class When_a_person_dismisses_a_deal : DealSpec
{
    private DealDismissal Dismissal => new(Ledger, new WorkerIdentity(), Microsoft.Extensions.Options.Options.Create(Options), Clock);

    [Theory]
    [InlineData(DealState.Failed, false, false)]
    [InlineData(DealState.Rejected, false, false)]
    [InlineData(DealState.OrderCreated, true, false)]
    [InlineData(DealState.Invoiced, false, true)]
    public async Task A_deal_needing_attention_is_dismissed_never_due_again_and_the_note_names_who_and_why(string state, bool stuck, bool uncertain)
    {
        var deal = await SeedAsync(state, s => s with { Stuck = stuck, Uncertain = uncertain, FailedStep = state == DealState.Failed ? DealState.Invoiced : null });

        var result = await Dismissal.DismissAsync(deal.DealId, "ana.financeiro", "NFS-e emitida à mão no portal", default);

        Assert.Equal(DealDismissal.Outcome.Dismissed, result.Outcome);
        var read = await ReadAsync(deal.DealId);
        Assert.Equal(DealState.Dismissed, read.State);
        Assert.Null(read.NextDueAt);
        Assert.Null(read.Lease);
        Assert.False(read.Stuck);
        Assert.False(read.Uncertain);
        Assert.Contains("Dismissed by ana.financeiro: NFS-e emitida à mão no portal", await NotesAsync(deal.DealId));
        Assert.Empty(await Ledger.FindNewlyStuckAsync(Clock.GetUtcNow().AddDays(1), 10));
    }

    [Theory]
    [InlineData(DealState.Issued)]
    [InlineData(DealState.OrderCreated)]
    public async Task An_issued_deal_or_one_on_its_way_cannot_be_dismissed(string state)
    {
        var deal = await SeedAsync(state);
        Assert.Equal(DealDismissal.Outcome.NotDismissable, (await Dismissal.DismissAsync(deal.DealId, "ana", "why", default)).Outcome);
        Assert.Equal(state, (await ReadAsync(deal.DealId)).State);
    }

    [Fact]
    public async Task A_dismissed_deal_is_neither_retried_nor_dismissed_again()
    {
        var deal = await SeedAsync(DealState.Failed, s => s with { FailedStep = DealState.Received });
        await Dismissal.DismissAsync(deal.DealId, "ana", "handled", default);

        Assert.Equal(DealDismissal.Outcome.NotDismissable, (await Dismissal.DismissAsync(deal.DealId, "bia", "again", default)).Outcome);
        Assert.Equal(DealRetry.Outcome.NotRetryable, (await Retry.RetryAsync(deal.DealId, default)).Outcome);
        Assert.Single(await NotesAsync(deal.DealId), n => n.StartsWith("Dismissed by", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deal_a_worker_holds_is_busy_and_left_alone()
    {
        var deal = await SeedAsync(DealState.Failed, s => s with { FailedStep = DealState.Received });
        await Ledger.TryClaimAsync(deal.DealId, "another-worker", T0, Lease);
        Assert.Equal(DealDismissal.Outcome.Busy, (await Dismissal.DismissAsync(deal.DealId, "ana", "why", default)).Outcome);
        Assert.Equal(DealState.Failed, (await ReadAsync(deal.DealId)).State);
    }

    [Fact]
    public void The_deal_refuses_a_dismissal_without_a_reason()
    {
        var deal = Deal.Reject("D-1", "E-1", "{}", 1m, new DealError("invalid-customer-data", "X", "m", "a"), T0);
        Assert.Throws<ArgumentException>(() => deal.Dismiss("ana", "  ", T0));
        Assert.Equal(DealState.Rejected, deal.State);
    }
}
