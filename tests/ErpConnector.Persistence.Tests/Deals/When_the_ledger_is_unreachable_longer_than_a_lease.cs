using System.Data.Common;
using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErpConnector.Persistence.Tests.Deals;

/// <summary>
/// A lease renewal or claim held up by an outage (the ledger repeating a transient failure) must count the lease
/// from when its statement runs. Counted from when it was asked for, a renewal that got through after an outage
/// longer than the lease wrote an end already past: the proof before an Omie write said "still yours" and the write
/// was sent while another instance could claim the deal at once.
/// </summary>
public sealed class When_the_ledger_is_unreachable_longer_than_a_lease : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(8);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"erp-ledger-outage-{Guid.NewGuid():N}.db");
    private readonly ManualClock _clock = new(T0);
    private ConnectionFactory _connections = null!;
    private OutageLedger _ledger = null!;

    public Task InitializeAsync()
    {
        _connections = new ConnectionFactory(Options.Create(new PersistenceOptions { Provider = PersistenceOptions.Sqlite, ConnectionString = $"Data Source={_path}" }));
        new DatabaseMigrator(_connections, NullLogger<DatabaseMigrator>.Instance).Migrate();
        _ledger = new OutageLedger(_connections, _clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _connections.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    [Fact]
    public async Task A_renewal_that_got_through_late_leaves_a_lease_nobody_else_can_claim_yet()
    {
        var dealId = await CreateAsync();
        var a = (await _ledger.TryClaimAsync(dealId, "A", T0, Lease))!;

        // A's proof before an Omie write, a third into the lease; the database is unreachable for longer than the lease.
        _clock.Set(T0 + Lease / 3);
        _ledger.NextWriteFailsFor = Outage;
        Assert.True(await _ledger.RenewLeaseAsync(a, _clock.GetUtcNow(), Lease));

        // A now sends its write: nobody may take the deal over while it does.
        Assert.True(a.Lease!.Until > _clock.GetUtcNow(), $"A believes it holds the deal until {a.Lease.Until:O}, and it is {_clock.GetUtcNow():O}.");
        Assert.Null(await _ledger.TryClaimAsync(dealId, "B", _clock.GetUtcNow(), Lease));
        Assert.Empty(await _ledger.ClaimDueAsync("B", _clock.GetUtcNow(), Lease, 10));
    }

    [Fact]
    public async Task A_claim_that_got_through_late_is_not_already_expired()
    {
        var dealId = await CreateAsync();

        _ledger.NextWriteFailsFor = Outage;
        var a = (await _ledger.TryClaimAsync(dealId, "A", T0, Lease))!;

        Assert.True(a.Lease!.Until > _clock.GetUtcNow(), $"A believes it holds the deal until {a.Lease.Until:O}, and it is {_clock.GetUtcNow():O}.");
        Assert.Empty(await _ledger.ClaimDueAsync("B", _clock.GetUtcNow(), Lease, 10));
    }

    private async Task<string> CreateAsync()
    {
        var deal = Deal.Receive($"D-{Guid.NewGuid():N}", Guid.NewGuid().ToString(), """{"dealId":"x"}""", 10m, T0);
        Assert.True(await _ledger.TryCreateAsync(deal, "created"));
        return deal.DealId;
    }

    /// <summary>A ledger whose next write meets an outage: the clock moves on by its length, then the write fails as
    /// a dropped connection would, and the ledger repeats it.</summary>
    private sealed class OutageLedger(ConnectionFactory connections, ManualClock clock) : DealLedger(connections, new LedgerWriter(connections), clock)
    {
        public TimeSpan? NextWriteFailsFor { get; set; }

        protected override Task<T> OnWriteAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> write, CancellationToken ct, bool oneStatement = false)
        {
            if (NextWriteFailsFor is { } outage)
            {
                NextWriteFailsFor = null;
                clock.Advance(outage);
                throw new TimeoutException("The database did not answer (simulated outage).");
            }
            return base.OnWriteAsync(write, ct, oneStatement);
        }

        protected override bool IsTransient(Exception ex) => ex is TimeoutException;
    }

    /// <summary>Wall time set by the test; delays (the ledger's back-off between attempts) still run in real time.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;
        public override long GetTimestamp() => _now.UtcTicks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Set(DateTimeOffset now) => _now = now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
