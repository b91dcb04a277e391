using ErpConnector.Persistence.Deals;
using ErpConnector.Persistence.Postgres.Deals;
using ErpConnector.Persistence.Tests.Fixtures;

namespace ErpConnector.Persistence.Tests.SalesOs;

public sealed class Sqlite_write_back_outbox : WriteBackOutboxContract
{
    private readonly SqliteFile _file = new("erp-outbox");

    protected override Task<PersistenceOptions> CreateOptionsAsync() => Task.FromResult(_file.Options);

    protected override IDealLedger CreateLedger(ConnectionFactory connections, IDealSaveOutbox outbox) =>
        new SqliteDealLedger(connections, new SqliteLedgerWriter(connections), TimeProvider.System, [outbox]);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Delete();
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
