using ErpConnector.Domain.Deals;
using ErpConnector.Omie;

using ErpConnector.TestSupport.Deals;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>Issue #10, defect 2: a pass that outlives its lease must keep it, and a worker whose lease was taken
/// over must send nothing to Omie.</summary>
public sealed class When_a_lease_is_lost_or_outlived : DealSpec
{
    [Fact]
    public async Task A_worker_whose_lease_was_taken_over_sends_nothing_to_omie()
    {
        var seeded = await SeedAsync(DealState.Received);
        var a = (await Ledger.TryClaimAsync(seeded.DealId, "worker-a", T0, Lease))!;
        // A stalls (GC pause, a slow limiter) past its lease; B takes the deal over.
        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var b = (await Ledger.TryClaimAsync(seeded.DealId, "worker-b", Clock.GetUtcNow(), Lease))!;

        await Processor.AdvanceAsync(a, default);

        Assert.Empty(Omie.Calls);
        var read = await ReadAsync(seeded.DealId);
        Assert.Equal("worker-b", read.Lease!.Owner);
        Assert.Equal(b.Version, read.Version);
        Assert.Equal(DealState.Received, read.State);
    }

    [Fact]
    public async Task A_pass_slower_than_its_lease_keeps_it_and_nobody_else_takes_the_deal()
    {
        var invoiceAnswered = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Omie.NextAsync(ScriptedOmie.Invoice, async _ =>
        {
            await invoiceAnswered.Task;
            return new OmieOrderStatus(2002, "OS", "000042", "0", "Faturamento solicitado.");
        });
        var received = await Intake.RecordAsync(DealWonBuilder.AWonDeal().Build(), default);
        var dealId = received.ToAdvance!.DealId;
        var pass = Processor.AdvanceAsync(received.ToAdvance, default);
        await Until(() => Omie.CountOf(ScriptedOmie.Invoice) == 1);

        // Omie takes 2.5 leases to answer FaturarOS. The heartbeat renews every third of the lease.
        for (var step = 0; step < 15; step++)
        {
            Clock.Advance(Lease / 6);
            await Until(async () => (await ReadAsync(dealId)).Lease is { } lease && lease.Until - Clock.GetUtcNow() >= Lease / 2);
        }
        Assert.Empty(await Ledger.ClaimDueAsync("worker-b", Clock.GetUtcNow(), Lease, 100));
        Assert.Null(await Ledger.TryClaimAsync(dealId, "worker-b", Clock.GetUtcNow(), Lease));

        invoiceAnswered.SetResult(null);
        await pass;
        var deal = await ReadAsync(dealId);
        // The clock moved past the first poll while Omie was slow, so the same pass went on to the NFS-e.
        Assert.Equal(DealState.Issued, deal.State);
        Assert.Null(deal.Lease);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Invoice));
    }

    /// <summary>Waits (bounded, in real time) for something the background heartbeat does.</summary>
    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true within 10 s.");
            await Task.Delay(10);
        }
    }

    private static Task Until(Func<bool> condition) => Until(() => Task.FromResult(condition()));
}
