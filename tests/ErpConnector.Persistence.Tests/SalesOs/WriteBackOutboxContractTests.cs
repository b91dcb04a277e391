using ErpConnector.Persistence.Deals;
using ErpConnector.Persistence.Postgres.Deals;
using ErpConnector.Persistence.Tests.Fixtures;

namespace ErpConnector.Persistence.Tests.SalesOs;

public sealed class Sqlite_write_back_outbox : WriteBackOutboxContract
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"erp-outbox-{Guid.NewGuid():N}.db");

    protected override Task<PersistenceOptions> CreateOptionsAsync() =>
        Task.FromResult(new PersistenceOptions { Provider = PersistenceOptions.Sqlite, ConnectionString = $"Data Source={_path}" });

    protected override IDealLedger CreateLedger(ConnectionFactory connections, IDealSaveOutbox outbox) =>
        new SqliteDealLedger(connections, new SqliteWriteGate(), TimeProvider.System, [outbox]);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_path + suffix);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class Postgres_write_back_outbox(PostgresServer server) : WriteBackOutboxContract
{
    protected override async Task<PersistenceOptions> CreateOptionsAsync() =>
        new() { Provider = PersistenceOptions.Postgres, ConnectionString = await server.CreateDatabaseAsync() };

    protected override IDealLedger CreateLedger(ConnectionFactory connections, IDealSaveOutbox outbox) =>
        new PostgresDealLedger(connections, TimeProvider.System, [outbox]);
}
