using ErpConnector.Sandbox;
using ErpConnector.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErpConnector.IntegrationTests.Fixtures;

/// <summary>
/// The whole product on a real broker: the Omie simulator and the connector, each on a loopback port,
/// sharing one temporary SQLite ledger. Delays are shortened; the code paths are the production ones.
/// </summary>
public class ConnectorFixture : IAsyncLifetime
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"erpconnector-tests-{Guid.NewGuid():N}.db");
    private LedgerDatabase _ledger = null!;
    private RabbitMqBroker _broker = null!;
    private WebApplication _sandbox = null!;
    private WebApplication? _service;

    public BusObserver Bus { get; private set; } = null!;
    /// <summary>The connector's ledger, for the few specs that wait on a row no API exposes.</summary>
    public LedgerDatabase LedgerDatabase => _ledger;
    public SandboxClient Sandbox { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    public string SandboxUrl { get; private set; } = "";
    /// <summary>The connector's own address (e.g. for the simulator's pushes).</summary>
    public string ServiceUrl { get; private set; } = "";

    /// <summary>Settings a derived fixture changes on the simulator (applied after the defaults).</summary>
    protected virtual IReadOnlyDictionary<string, string?> SandboxOverrides => new Dictionary<string, string?>();

    /// <summary>Settings a derived fixture changes on the connector (applied after the defaults).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ServiceOverrides => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        _ledger = await LedgerDatabase.CreateAsync(_databasePath);
        _broker = await RabbitMqBroker.StartAsync();
        _sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sandbox:NfseIssueDelay"] = "00:00:00.300",
            });
            b.Configuration.AddInMemoryCollection(SandboxOverrides);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _sandbox.StartAsync();
        SandboxUrl = AddressOf(_sandbox);
        Sandbox = new SandboxClient(new HttpClient { BaseAddress = new Uri(SandboxUrl) });
        Bus = await BusObserver.StartAsync(_broker.Uri);
        await StartServiceAsync(purge: true);
    }

    /// <summary>Stops the connector as a deploy would and starts a new process-equivalent on the same ledger.</summary>
    public async Task RestartServiceAsync()
    {
        await StopServiceAsync();
        await StartServiceAsync(purge: false);
    }

    private async Task StartServiceAsync(bool purge)
    {
        _service = ServiceApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Messaging:RabbitMqUri"] = _broker.Uri,
                ["Messaging:DealWonQueue"] = "erp-connector.deal-won.integration-tests",
                ["Messaging:PurgeOnStartup"] = purge ? "true" : "false",
                ["Persistence:Provider"] = _ledger.Provider,
                ["Persistence:ConnectionString"] = _ledger.ConnectionString,
                ["Omie:BaseUrl"] = $"{SandboxUrl}/api/v1/",
                ["Omie:AppKey"] = "sandbox-app-key",
                ["Omie:AppSecret"] = "sandbox-app-secret",
                ["Omie:Timeout"] = "00:00:05",
                // Spans as a deployment with an OTLP collector records them (When_a_deal_is_traced listens in-process).
                ["Observability:Tracing"] = "true",
                ["DealProcessing:FirstPollDelay"] = "00:00:00.200",
                ["DealProcessing:PollInterval"] = "00:00:00.300",
                ["DealProcessing:SweepInterval"] = "00:00:00.250",
                ["DealProcessing:RetrySchedule:0"] = "00:00:01",
                ["DealProcessing:RetrySchedule:1"] = "00:00:02",
                ["DealProcessing:RetrySchedule:2"] = "00:00:02",
                ["DealProcessing:RetrySchedule:3"] = "00:00:03",
                // Configuration merges arrays by index: override every entry of appsettings' five.
                ["DealProcessing:RetrySchedule:4"] = "00:00:03",
                ["DealProcessing:ThrottleDefaultWait"] = "00:00:01",
                ["DealProcessing:StuckAfter"] = "00:00:03",
                ["DealProcessing:StuckCheckInterval"] = "00:00:01",
            });
            // API keys (Api below sends the all-scopes one), JWT, webhook secret; logs captured on demand.
            b.Configuration.AddInMemoryCollection(Production.ProductionSettings.Configuration);
            b.Configuration.AddInMemoryCollection(ServiceOverrides);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Logging.AddProvider(ErpConnector.TestSupport.Logging.LogCaptureProvider.Instance).AddFilter<ErpConnector.TestSupport.Logging.LogCaptureProvider>(null, LogLevel.Trace);
        });
        await _service.StartAsync();
        ServiceUrl = AddressOf(_service);
        Api = new HttpClient { BaseAddress = new Uri(ServiceUrl), DefaultRequestHeaders = { { "X-Api-Key", Production.ProductionSettings.AdminKey } } };
    }

    private async Task StopServiceAsync()
    {
        if (_service is null) return;
        await _service.StopAsync();
        await _service.DisposeAsync();
        _service = null;
    }

    public T ServiceProvided<T>() where T : notnull => _service!.Services.GetRequiredService<T>();

    private static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    public async Task DisposeAsync()
    {
        await StopServiceAsync();
        await Bus.DisposeAsync();
        await _sandbox.StopAsync();
        await _sandbox.DisposeAsync();
        await _broker.DisposeAsync();
        await _ledger.DisposeAsync();
        foreach (var file in new[] { _databasePath, Path.ChangeExtension(_databasePath, ".quartz.db") })
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(file + suffix);
    }
}

[CollectionDefinition(Name)]
public sealed class ConnectorCollection : ICollectionFixture<ConnectorFixture>
{
    public const string Name = "connector";
}
