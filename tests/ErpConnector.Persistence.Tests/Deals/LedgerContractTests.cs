using ErpConnector.Persistence.Deals;
using ErpConnector.Persistence.Postgres;
using ErpConnector.Persistence.Tests.Fixtures;

namespace ErpConnector.Persistence.Tests.Deals;

public sealed class Sqlite_ledger : LedgerContract
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"erp-ledger-{Guid.NewGuid():N}.db");

    protected override Task<PersistenceOptions> CreateOptionsAsync() =>
        Task.FromResult(new PersistenceOptions { Provider = PersistenceOptions.Sqlite, ConnectionString = $"Data Source={_path}" });

    protected override IDealLedger CreateLedger(ConnectionFactory connections) => new SqliteDealLedger(connections, new SqliteWriteGate());

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_path + suffix);
        return Task.CompletedTask;
    }
}

[Collection(PostgresCollection.Name)]
public sealed class Postgres_ledger(PostgresServer server) : LedgerContract
{
    protected override async Task<PersistenceOptions> CreateOptionsAsync() =>
        new() { Provider = PersistenceOptions.Postgres, ConnectionString = await server.CreateDatabaseAsync() };

    protected override IDealLedger CreateLedger(ConnectionFactory connections) => new PostgresDealLedger(connections);

    [Fact]
    public async Task Taking_over_an_abandoned_lease_marks_the_deal_uncertain()
    {
        var t0 = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var crashed = new DealRecord
        {
            DealId = $"D-{Guid.NewGuid():N}", EventId = "e", State = DealState.OrderCreated, Payload = "{}", Total = 1m,
            NextDueAt = t0, StateSince = t0, CreatedAt = t0, UpdatedAt = t0,
        };
        var released = new DealRecord
        {
            DealId = $"D-{Guid.NewGuid():N}", EventId = "e", State = DealState.OrderCreated, Payload = "{}", Total = 1m,
            NextDueAt = t0, StateSince = t0, CreatedAt = t0, UpdatedAt = t0,
        };
        await Ledger.TryCreateAsync(crashed, "c");
        await Ledger.TryCreateAsync(released, "r");
        await Ledger.TryClaimAsync(crashed.DealId, "dead-worker", t0, TimeSpan.FromMinutes(1)); // never saved: the process died
        var held = (await Ledger.TryClaimAsync(released.DealId, "A", t0, TimeSpan.FromMinutes(1)))!;
        Assert.True(await Ledger.SaveAsync(held, "done a step", releaseLease: true, t0));

        var swept = await Ledger.ClaimDueAsync("B", t0.AddMinutes(2), TimeSpan.FromMinutes(1), 1000);
        Assert.True(swept.Single(d => d.DealId == crashed.DealId).Uncertain);
        Assert.False(swept.Single(d => d.DealId == released.DealId).Uncertain);
    }
}
