using ErpConnector.Persistence.Deals;
using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Postgres.Deals;
using ErpConnector.Persistence.Tests.Fixtures;

namespace ErpConnector.Persistence.Tests.Deals;

public sealed class Sqlite_ledger : LedgerContract
{
    private readonly SqliteFile _file = new("erp-ledger");

    protected override Task<PersistenceOptions> CreateOptionsAsync() => Task.FromResult(_file.Options);

    protected override IDealLedger CreateLedger(ConnectionFactory connections) => new SqliteDealLedger(connections, new SqliteLedgerWriter(connections), TimeProvider.System);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Delete();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class Postgres_ledger(PostgresServer server) : LedgerContract
{
    protected override async Task<PersistenceOptions> CreateOptionsAsync() =>
        new() { Provider = PersistenceOptions.Postgres, ConnectionString = await server.CreateDatabaseAsync() };

    protected override IDealLedger CreateLedger(ConnectionFactory connections) => new PostgresDealLedger(connections, TimeProvider.System);
}
