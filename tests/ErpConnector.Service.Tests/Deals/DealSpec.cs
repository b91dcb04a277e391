using Microsoft.Extensions.Hosting;
using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Domain.Errors;
using ErpConnector.Omie;
using ErpConnector.Persistence;
using ErpConnector.Persistence.Deals;
using ErpConnector.Service.Deals;
using ErpConnector.Service.Observability;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using ErpConnector.TestSupport.Deals;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>
/// The deal pipeline in one process: the real <see cref="DealProcessor"/>, <see cref="DealIntake"/> and
/// <see cref="DealRetry"/> over a real SQLite ledger in a temporary file, a scripted Omie, a fake clock and
/// MassTransit's in-memory test harness for what finance is told.
/// </summary>
public abstract class DealSpec : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"deal-spec-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;

    internal ScriptedOmie Omie { get; } = new();
    protected FakeTimeProvider Clock { get; } = new(T0);
    protected LogLines Logs { get; } = new();
    protected IDealLedger Ledger { get; private set; } = null!;
    protected DealProcessor Processor { get; private set; } = null!;
    protected DealIntake Intake { get; private set; } = null!;
    protected DealRetry Retry { get; private set; } = null!;
    protected DealCancelRequest Cancel { get; private set; } = null!;
    protected NfseDocumentArchive Archive { get; private set; } = null!;
    protected OmieRateLimiter Limiter { get; private set; } = null!;
    protected ITestHarness Bus { get; private set; } = null!;
    protected DealProcessingOptions Options { get; } = new() { Lease = Lease };
    protected ErpConnector.Service.Deals.MunicipalCodes.MunicipalCodeCheckOptions CodeCheck { get; } = new();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddMetrics();
        services.AddMassTransitTestHarness();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new PersistenceOptions { ConnectionString = $"Data Source={_path}" }));
        services.AddSingleton<ConnectionFactory>();
        services.AddSingleton<SqliteLedgerWriter>();
        services.AddSingleton<LedgerWriter>(sp => sp.GetRequiredService<SqliteLedgerWriter>());
        services.AddSingleton<IDealLedger, SqliteDealLedger>();
        services.AddSingleton<IOmieClient>(Omie);
        services.AddSingleton(sp => new OmieRateLimiter(new OmieOptions { AppKey = "k", AppSecret = "s" }, Clock));
        services.AddSingleton(ErrorClassifier.LoadDefault());
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Options));
        services.AddSingleton<ConnectorMetrics>();
        services.AddSingleton<NfseDocumentArchive>();
        services.AddSingleton<OmieCustomerRegistry>();
        services.AddSingleton<DealOutcomes>();
        services.AddSingleton<DealProcessor>();
        services.AddSingleton<WorkerIdentity>();
        services.AddSingleton<IHostApplicationLifetime, HostLifetime>();
        services.AddSingleton<BackgroundDealPass>();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(CodeCheck));
        services.AddSingleton<ErpConnector.Service.Deals.MunicipalCodes.MunicipalCodeCatalogue>();
        services.AddSingleton<ErpConnector.Service.Deals.MunicipalCodes.MunicipalCodeCheck>();
        services.AddSingleton<DealIntake>();
        services.AddSingleton<DealRetry>();
        services.AddSingleton<DealCancelRequest>();
        _services = services.BuildServiceProvider();

        new DatabaseMigrator(_services.GetRequiredService<ConnectionFactory>(), NullLogger<DatabaseMigrator>.Instance).Migrate();
        Ledger = _services.GetRequiredService<IDealLedger>();
        Processor = _services.GetRequiredService<DealProcessor>();
        Intake = _services.GetRequiredService<DealIntake>();
        Retry = _services.GetRequiredService<DealRetry>();
        Cancel = _services.GetRequiredService<DealCancelRequest>();
        Archive = _services.GetRequiredService<NfseDocumentArchive>();
        Limiter = _services.GetRequiredService<OmieRateLimiter>();
        Bus = _services.GetRequiredService<ITestHarness>();
        await Bus.Start();
    }

    public async Task DisposeAsync()
    {
        await Bus.Stop();
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    /// <summary>Writes a valid deal through the intake (leased to this worker) and advances it once.</summary>
    protected async Task<Deal> ReceiveAndAdvanceAsync(DealWon? won = null)
    {
        var result = await Intake.RecordAsync(won ?? DealWonBuilder.AWonDeal().Build(), default);
        Assert.Equal(DealIntake.Outcome.Accepted, result.Outcome);
        await Processor.AdvanceAsync(result.ToAdvance!, default);
        return await ReadAsync(result.ToAdvance!.DealId);
    }

    /// <summary>Moves the clock to when the deal is next due, claims it as the sweeper would and advances it once.</summary>
    protected async Task<Deal> SweepAsync(string dealId)
    {
        var due = (await ReadAsync(dealId)).NextDueAt ?? throw new InvalidOperationException($"Deal {dealId} is not due at all.");
        if (due > Clock.GetUtcNow()) Clock.SetUtcNow(due);
        var claimed = await Ledger.ClaimDueAsync("sweeper", Clock.GetUtcNow(), Lease, 100);
        var deal = Assert.Single(claimed, d => d.DealId == dealId);
        await Processor.AdvanceAsync(deal, default);
        return await ReadAsync(dealId);
    }

    /// <summary>Sweeps until the deal finishes (or gives up after <paramref name="passes"/> passes).</summary>
    protected async Task<Deal> SweepUntilFinishedAsync(string dealId, int passes = 20)
    {
        var deal = await ReadAsync(dealId);
        for (var i = 0; i < passes && !deal.IsFinished; i++)
            deal = await SweepAsync(dealId);
        return deal;
    }

    /// <summary>A deal as the ledger has it now, already in <paramref name="state"/> (set up directly, not through Omie).</summary>
    protected async Task<Deal> SeedAsync(string state, Func<DealSnapshot, DealSnapshot>? with = null)
    {
        var won = DealWonBuilder.AWonDeal().Build();
        var snapshot = new DealSnapshot
        {
            DealId = won.DealId, EventId = won.EventId, State = state, Payload = DealPayload.Serialize(won), Total = won.Total,
            CustomerDocument = "12ABC34501DE35", CustomerCode = "C-12ABC34501DE35", OmieCustomerId = 1001,
            OrderCode = state is DealState.OrderCreated or DealState.Invoiced or DealState.Issued or DealState.Failed ? OrderIntegrationCode.For(won.DealId) : null,
            OmieOrderId = state is DealState.OrderCreated or DealState.Invoiced or DealState.Issued ? 2002 : null,
            Nfse = state == DealState.Issued ? new DealNfse("2026/1", "V", "https://nfse.example/1", T0) : null,
            NextDueAt = DealState.IsInProgress(state) ? Clock.GetUtcNow() : null,
            StateSince = T0, CreatedAt = T0, UpdatedAt = T0,
        };
        var deal = Deal.Restore(with is null ? snapshot : with(snapshot));
        Assert.True(await Ledger.TryCreateAsync(deal, "seeded by the spec"));
        return deal;
    }

    /// <summary>Runs SQL on the spec's ledger database (to break what a spec needs broken).</summary>
    protected async Task ExecuteSqlAsync(string sql)
    {
        await using var db = await _services.GetRequiredService<ConnectionFactory>().OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected async Task<Deal> ReadAsync(string dealId) => await Ledger.GetAsync(dealId) ?? throw new InvalidOperationException($"No deal {dealId}.");

    protected async Task<IReadOnlyList<string>> NotesAsync(string dealId) => (await Ledger.HistoryAsync(dealId)).Select(h => h.Note).ToList();

    /// <summary>How many <typeparamref name="T"/> were published for the deal (the harness records a publish before
    /// Publish returns, so no wait is needed).</summary>
    protected int Published<T>(string dealId, Func<T, string> dealIdOf) where T : class =>
        Bus.Published.Select<T>().Count(m => dealIdOf(m.Context.Message) == dealId);

    protected int Issued(string dealId) => Published<NfseIssued>(dealId, m => m.DealId);
    protected int Failed(string dealId) => Published<NfseFailed>(dealId, m => m.DealId);
    protected int Rejected(string dealId) => Published<DealRejected>(dealId, m => m.DealId);

    protected static OmieCityMessage City(string code, string text) => new(code, text, "", "ERRO");
}
