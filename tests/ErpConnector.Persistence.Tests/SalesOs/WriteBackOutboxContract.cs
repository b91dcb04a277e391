using System.Data.Common;
using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using ErpConnector.Persistence.SalesOs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErpConnector.Persistence.Tests.SalesOs;

/// <summary>
/// The SalesOS write-back outbox on each provider: enlisted only with a committed save, the same state never
/// twice, and ordered per deal — a late or in-flight older state never ends up shown after a newer one.
/// </summary>
public abstract class WriteBackOutboxContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    protected ConnectionFactory Connections { get; private set; } = null!;
    private SalesOsWriteBackStore Store { get; set; } = null!;

    protected abstract Task<PersistenceOptions> CreateOptionsAsync();
    protected abstract IDealLedger CreateLedger(ConnectionFactory connections, IDealSaveOutbox outbox);

    public async Task InitializeAsync()
    {
        Connections = new ConnectionFactory(Options.Create(await CreateOptionsAsync()));
        new DatabaseMigrator(Connections, NullLogger<DatabaseMigrator>.Instance).Migrate();
        Store = new SalesOsWriteBackStore(Connections);
    }

    public virtual async Task DisposeAsync() => await Connections.DisposeAsync();

    private async Task EnlistAsync(string dealId, long seq, string state, string content, DateTimeOffset at)
    {
        await using var db = await Connections.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        await SalesOsWriteBackStore.EnlistAsync(db, tx, dealId, seq, state, content, at, CancellationToken.None);
        await tx.CommitAsync();
    }

    [Fact]
    public async Task An_issued_in_flight_when_the_deal_is_cancelled_is_followed_by_cancelled_and_a_late_issued_changes_nothing()
    {
        var dealId = $"D-{Guid.NewGuid():N}";
        await EnlistAsync(dealId, 5, "issued", """{"n":"1"}""", T0);
        var claimed = Assert.Single(await Store.ClaimDueAsync("a", T0, T0.AddMinutes(2), 10, default), r => r.DealId == dealId);
        Assert.Equal("issued", claimed.State);

        await EnlistAsync(dealId, 7, "cancelled", """{"n":"1","c":true}""", T0.AddSeconds(1)); // while issued is being written
        Assert.True(await Store.MarkDeliveredAsync(dealId, "a", 5, "issued", T0.AddSeconds(2), default));

        var row = (await Store.GetAsync(dealId, default))!;
        Assert.Equal(("pending", "cancelled", "issued"), (row.Status, row.State, row.DeliveredState));
        var next = Assert.Single(await Store.ClaimDueAsync("b", T0.AddSeconds(3), T0.AddMinutes(3), 10, default), r => r.DealId == dealId);
        Assert.Equal(("cancelled", 7L), (next.State, next.Seq));
        Assert.True(await Store.MarkDeliveredAsync(dealId, "b", 7, "cancelled", T0.AddSeconds(4), default));

        await EnlistAsync(dealId, 6, "issued", """{"n":"1"}""", T0.AddSeconds(5)); // a late, older save
        row = (await Store.GetAsync(dealId, default))!;
        Assert.Equal(("delivered", "cancelled", "cancelled"), (row.Status, row.State, row.DeliveredState));
        Assert.DoesNotContain(await Store.ClaimDueAsync("c", T0.AddSeconds(6), T0.AddMinutes(4), 10, default), r => r.DealId == dealId);
    }

    [Fact]
    public async Task The_same_state_saved_again_is_not_written_again()
    {
        var dealId = $"D-{Guid.NewGuid():N}";
        await EnlistAsync(dealId, 3, "issued", """{"n":"1"}""", T0);
        Assert.Single(await Store.ClaimDueAsync("a", T0, T0.AddMinutes(2), 10, default), r => r.DealId == dealId);
        Assert.True(await Store.MarkDeliveredAsync(dealId, "a", 3, "issued", T0.AddSeconds(1), default));

        await EnlistAsync(dealId, 4, "issued", """{"n":"1"}""", T0.AddSeconds(2));

        Assert.DoesNotContain(await Store.ClaimDueAsync("b", T0.AddSeconds(3), T0.AddMinutes(3), 10, default), r => r.DealId == dealId);
        Assert.Equal("delivered", (await Store.GetAsync(dealId, default))!.Status);
    }

    [Fact]
    public async Task A_worker_whose_lease_was_taken_over_cannot_mark_the_write_delivered()
    {
        var dealId = $"D-{Guid.NewGuid():N}";
        await EnlistAsync(dealId, 1, "failed", "{}", T0);
        Assert.Single(await Store.ClaimDueAsync("slow", T0, T0.AddSeconds(30), 10, default), r => r.DealId == dealId);
        Assert.Single(await Store.ClaimDueAsync("next", T0.AddSeconds(31), T0.AddMinutes(2), 10, default), r => r.DealId == dealId);

        Assert.False(await Store.MarkDeliveredAsync(dealId, "slow", 1, "failed", T0.AddSeconds(32), default));
        Assert.True(await Store.MarkDeliveredAsync(dealId, "next", 1, "failed", T0.AddSeconds(33), default));
    }

    [Fact]
    public async Task A_write_back_is_enlisted_with_the_deals_save_and_not_by_a_save_that_lost()
    {
        var ledger = CreateLedger(Connections, new EnlistEveryState());
        var deal = Deal.Restore(new DealSnapshot
        {
            DealId = $"D-{Guid.NewGuid():N}", EventId = Guid.NewGuid().ToString(), State = DealState.Received, Payload = "{}",
            Total = 10m, StateSince = T0, CreatedAt = T0, UpdatedAt = T0,
        });
        Assert.True(await ledger.TryCreateAsync(deal, "created"));
        var stale = (await ledger.GetAsync(deal.DealId))!;
        var current = (await ledger.GetAsync(deal.DealId))!;
        current.Fail(new DealError("permanent", "X", "boom", "fix it"), 1, T0);
        Assert.True(await ledger.SaveAsync(current, "failed", releaseLease: true, T0));
        Assert.Equal(("failed", current.Version), ((await Store.GetAsync(deal.DealId, default))!.State, (await Store.GetAsync(deal.DealId, default))!.Seq));

        stale.Fail(new DealError("permanent", "Y", "other", "other fix"), 1, T0);
        Assert.False(await ledger.SaveAsync(stale, "stale", releaseLease: true, T0)); // lost to the newer version

        Assert.Equal("{\"code\":\"X\"}", (await Store.GetAsync(deal.DealId, default))!.Content);
    }

    private sealed class EnlistEveryState : IDealSaveOutbox
    {
        public Task EnlistAsync(DbConnection db, DbTransaction tx, Deal deal, long savedVersion, DateTimeOffset now, CancellationToken ct) =>
            SalesOsWriteBackStore.EnlistAsync(db, tx, deal.DealId, savedVersion, deal.State, $"{{\"code\":\"{deal.Error?.Code}\"}}", now, ct);
    }
}
