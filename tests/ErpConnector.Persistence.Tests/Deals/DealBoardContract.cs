using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using ErpConnector.Persistence.Postgres.Deals;
using ErpConnector.Persistence.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErpConnector.Persistence.Tests.Deals;

/// <summary>The console's ledger views (<see cref="DealBoard"/>) on each provider: grouped counts, the attention list
/// with its filters, search and keyset paging, and the data-protection key table of script 0400.</summary>
public abstract class DealBoardContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private ConnectionFactory _connections = null!;
    private IDealLedger _ledger = null!;
    private DealBoard _board = null!;

    protected abstract Task<PersistenceOptions> CreateOptionsAsync();
    protected abstract IDealLedger CreateLedger(ConnectionFactory connections);

    public async Task InitializeAsync()
    {
        _connections = new ConnectionFactory(Options.Create(await CreateOptionsAsync()));
        new DatabaseMigrator(_connections, NullLogger<DatabaseMigrator>.Instance).Migrate();
        _ledger = CreateLedger(_connections);
        _board = new DealBoard(_connections);
    }

    public virtual async Task DisposeAsync() => await _connections.DisposeAsync();

    private async Task SeedAsync(string id, string state, DateTimeOffset at, bool stuck = false, bool uncertain = false, string name = "Padaria Pão Quente", string? document = null)
    {
        var deal = Deal.Restore(new DealSnapshot
        {
            DealId = id, EventId = "E-" + id, State = state, Stuck = stuck, Uncertain = uncertain,
            Payload = System.Text.Json.JsonSerializer.Serialize(new { dealId = id, customer = new { legalName = name } }), CustomerDocument = document, Total = 10m,
            Error = state is DealState.Failed or DealState.Rejected ? new DealError("invalid-service-code", "E0310", "Código inexistente", "Corrija") : null,
            StateSince = at, CreatedAt = at, UpdatedAt = at,
        });
        Assert.True(await _ledger.TryCreateAsync(deal, "seeded"));
    }

    [Fact]
    public async Task Counts_by_state_split_today_from_the_month()
    {
        await SeedAsync("A", DealState.Issued, T0);
        await SeedAsync("B", DealState.Issued, T0.AddDays(-3));
        await SeedAsync("C", DealState.Failed, T0);
        await SeedAsync("D", DealState.Issued, T0.AddDays(-40));

        var counts = await _board.CountByStateAsync(T0.AddDays(-10), T0.AddHours(-1), default);

        var issued = counts.Where(c => c.State == DealState.Issued).ToList();
        Assert.Equal(2, issued.Sum(c => c.Period));
        Assert.Equal(1, issued.Sum(c => c.Today));
        Assert.Equal(1, counts.Single(c => c.State == DealState.Failed).Today);
    }

    [Fact]
    public async Task The_attention_list_holds_only_deals_needing_a_person_newest_first_in_keyset_pages()
    {
        await SeedAsync("ok", DealState.Issued, T0);
        await SeedAsync("f1", DealState.Failed, T0.AddMinutes(1));
        await SeedAsync("r1", DealState.Rejected, T0.AddMinutes(2));
        await SeedAsync("s1", DealState.OrderCreated, T0.AddMinutes(3), stuck: true);
        await SeedAsync("u1", DealState.Invoiced, T0.AddMinutes(4), uncertain: true);
        await SeedAsync("moving", DealState.Invoiced, T0.AddMinutes(5));

        var first = await _board.AttentionAsync(new AttentionQuery(null, null, null, null, null, 3), default);
        Assert.Equal(["u1", "s1", "r1"], first.Items.Select(d => d.DealId));
        var second = await _board.AttentionAsync(new AttentionQuery(null, null, null, null, first.Next, 3), default);
        Assert.Equal(["f1"], second.Items.Select(d => d.DealId));
        Assert.Null(second.Next);

        Assert.Equal(["s1"], (await _board.AttentionAsync(new AttentionQuery("stuck", null, null, null, null, 10), default)).Items.Select(d => d.DealId));
        Assert.Equal(["ok"], (await _board.AttentionAsync(new AttentionQuery(DealState.Issued, null, null, null, null, 10), default)).Items.Select(d => d.DealId));
        var counts = await _board.CountAttentionAsync(default);
        Assert.Equal([1L, 1L, 1L, 1L], new[] { counts["failed"], counts["rejected"], counts["stuck"], counts["uncertain"] });
    }

    [Fact]
    public async Task A_deal_awaiting_the_city_needs_finance_and_is_listed_and_counted()
    {
        await SeedAsync("ok", DealState.Issued, T0);
        await SeedAsync("city", DealState.AwaitingCity, T0.AddMinutes(1));
        await SeedAsync("moving", DealState.Invoiced, T0.AddMinutes(2));

        Assert.Equal(["city"], (await _board.AttentionAsync(new AttentionQuery(null, null, null, null, null, 10), default)).Items.Select(d => d.DealId));
        Assert.Equal(["city"], (await _board.AttentionAsync(new AttentionQuery(DealState.AwaitingCity, null, null, null, null, 10), default)).Items.Select(d => d.DealId));
        Assert.Equal(1L, (await _board.CountAttentionAsync(default))[DealState.AwaitingCity]);
    }

    [Fact]
    public async Task Search_finds_a_deal_by_id_masked_document_or_part_of_the_name_and_takes_wildcards_literally()
    {
        await SeedAsync("f-doc", DealState.Failed, T0, document: "11222333000181");
        await SeedAsync("f-name", DealState.Failed, T0.AddMinutes(1), name: "Oficina Mecânica Zeta");

        Assert.Equal(["f-doc"], (await Search("11.222.333/0001-81")).Select(d => d.DealId));
        Assert.Equal(["f-name"], (await Search("oficina")).Select(d => d.DealId));
        Assert.Equal(["f-doc"], (await Search("f-doc")).Select(d => d.DealId));
        Assert.Empty(await Search("%"));
        Assert.Equal(2, (await _board.AttentionAsync(new AttentionQuery(null, T0, T0.AddMinutes(2), null, null, 10), default)).Items.Count);
        Assert.Single((await _board.AttentionAsync(new AttentionQuery(null, T0.AddSeconds(30), null, null, null, 10), default)).Items);
    }

    private async Task<IReadOnlyList<Deal>> Search(string text) =>
        (await _board.AttentionAsync(new AttentionQuery(null, null, null, text, null, 10), default)).Items;
}

public sealed class Sqlite_deal_board : DealBoardContract
{
    private readonly SqliteFile _file = new("erp-board");

    protected override Task<PersistenceOptions> CreateOptionsAsync() => Task.FromResult(_file.Options);

    protected override IDealLedger CreateLedger(ConnectionFactory connections) => new SqliteDealLedger(connections, new SqliteLedgerWriter(connections), TimeProvider.System);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Delete();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class Postgres_deal_board(PostgresServer server) : DealBoardContract
{
    protected override async Task<PersistenceOptions> CreateOptionsAsync() =>
        new() { Provider = PersistenceOptions.Postgres, ConnectionString = await server.CreateDatabaseAsync() };

    protected override IDealLedger CreateLedger(ConnectionFactory connections) => new PostgresDealLedger(connections, TimeProvider.System);
}
