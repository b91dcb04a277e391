using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.IntegrationTests.Fixtures;
using ErpConnector.Sandbox;
using ErpConnector.Service;
using ErpConnector.Service.SalesOs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErpConnector.IntegrationTests.SalesOs;

/// <summary>
/// The connector wired to the simulated SalesOS (API client, write-back on, webhook delivered by the simulator's
/// sender) and Omie, on a real broker and its own SQLite ledger. The catch-up's Quartz trigger is off: specs run a
/// catch-up when they want one, so a listing never races the writes they count.
/// </summary>
public sealed class SalesOsFixture : IAsyncLifetime
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"erpconnector-salesos-{Guid.NewGuid():N}.db");
    private LedgerDatabase _ledger = null!;
    private RabbitMqBroker _broker = null!;
    private WebApplication _sandbox = null!;
    private WebApplication _service = null!;

    public HttpClient Sandbox { get; private set; } = null!;
    public SandboxClient Omie { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    public string WebhookUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _ledger = await LedgerDatabase.CreateAsync(_databasePath);
        _broker = await RabbitMqBroker.StartAsync();
        _sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sandbox:NfseIssueDelay"] = "00:00:00.200",
                ["Sandbox:SalesOS:RetryScale"] = "0.0005", // 1 min → 30 ms
                ["Sandbox:SalesOS:RequestsPerMinute"] = "0",
            });
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _sandbox.StartAsync();
        var sandboxUrl = AddressOf(_sandbox);
        Sandbox = new HttpClient { BaseAddress = new Uri(sandboxUrl) };
        Omie = new SandboxClient(Sandbox);

        _service = ServiceApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Messaging:RabbitMqUri"] = _broker.Uri,
                ["Messaging:DealWonQueue"] = "erp-connector.deal-won.salesos-tests",
                ["Messaging:PurgeOnStartup"] = "true",
                ["Persistence:Provider"] = _ledger.Provider,
                ["Persistence:ConnectionString"] = _ledger.ConnectionString,
                ["Omie:BaseUrl"] = $"{sandboxUrl}/api/v1/",
                ["Omie:AppKey"] = "sandbox-app-key",
                ["Omie:AppSecret"] = "sandbox-app-secret",
                ["DealProcessing:FirstPollDelay"] = "00:00:00.200",
                ["DealProcessing:PollInterval"] = "00:00:00.300",
                ["DealProcessing:SweepInterval"] = "00:00:00.250",
                ["SalesOS:TokenUrl"] = $"{sandboxUrl}/salesos/oauth/token",
                ["SalesOS:BaseUrl"] = $"{sandboxUrl}/salesos/v1/",
                ["SalesOS:ClientId"] = "sandbox-salesos-client",
                ["SalesOS:ClientSecret"] = Production.ProductionSettings.SalesOsClientSecret,
                ["SalesOS:Timeout"] = "00:00:05",
                ["SalesOS:MaxInlineRetryAfter"] = "00:00:05",
                ["SalesOS:WriteBack:Enabled"] = "true",
                ["SalesOS:WriteBack:SweepInterval"] = "00:00:00.200",
                ["SalesOS:WriteBack:Lease"] = "00:00:30",
                ["SalesOS:WriteBack:RetrySchedule:0"] = "00:00:00.200",
                ["SalesOS:WriteBack:RetrySchedule:1"] = "00:00:00.500",
                ["SalesOS:WriteBack:RetrySchedule:2"] = "00:00:01",
                ["SalesOS:WriteBack:RetrySchedule:3"] = "00:00:01",
                ["SalesOS:WriteBack:RetrySchedule:4"] = "00:00:01",
                ["SalesOS:CatchUp:Enabled"] = "false",
                ["SalesOS:CatchUp:InitialLookback"] = "01:00:00",
            });
            b.Configuration.AddInMemoryCollection(Production.ProductionSettings.Configuration);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Logging.AddProvider(ErpConnector.TestSupport.Logging.LogCaptureProvider.Instance).AddFilter<ErpConnector.TestSupport.Logging.LogCaptureProvider>(null, LogLevel.Trace);
        });
        await _service.StartAsync();
        var serviceUrl = AddressOf(_service);
        Api = new HttpClient { BaseAddress = new Uri(serviceUrl), DefaultRequestHeaders = { { "X-Api-Key", Production.ProductionSettings.AdminKey } } };
        WebhookUrl = $"{serviceUrl}/webhooks/salesos";
        await SubscribeAsync(WebhookUrl);
    }

    public async Task SubscribeAsync(string url)
    {
        using var response = await Sandbox.PutAsJsonAsync("/_sandbox/salesos/webhook", new { url, secret = Production.ProductionSettings.WebhookSecret });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Wins a deal in the simulated SalesOS (the webhook delivers it unless deactivated); returns its id.</summary>
    public async Task<string> WinDealAsync(string? dealId = null)
    {
        var id = dealId ?? $"SOS-{Guid.NewGuid():N}"[..24];
        var envelope = Production.SalesOs.DealWonEnvelope(dealId: id);
        var deal = ((Dictionary<string, object?>)envelope["data"]!)["deal"];
        using var response = await Sandbox.PostAsJsonAsync("/_sandbox/salesos/deals", deal);
        response.EnsureSuccessStatusCode();
        return id;
    }

    public async Task<JsonObject> SalesOsDealAsync(string dealId) =>
        (await Sandbox.GetFromJsonAsync<JsonObject>($"/_sandbox/salesos/deals/{dealId}"))!;

    public async Task<JsonObject> WebhookAsync() => (await Sandbox.GetFromJsonAsync<JsonObject>("/_sandbox/salesos/webhook"))!;

    public async Task<JsonArray> RequestsAsync() => (await Sandbox.GetFromJsonAsync<JsonObject>("/_sandbox/salesos/requests"))!["requests"]!.AsArray();

    public async Task<int> TokensIssuedAsync() => (await Sandbox.GetFromJsonAsync<JsonObject>("/_sandbox/salesos/requests"))!["tokensIssued"]!.GetValue<int>();

    public async Task FaultAsync(object faults)
    {
        using var response = await Sandbox.PostAsJsonAsync("/_sandbox/salesos/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await Sandbox.DeleteAsync("/_sandbox/salesos/faults");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits (polling, generous deadline) until the connector's deal view satisfies <paramref name="done"/>.</summary>
    public async Task<JsonObject> WaitForDealAsync(string dealId, Func<JsonObject, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Api.GetAsync($"/api/deals/{dealId}");
            if (response.IsSuccessStatusCode)
            {
                last = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                if (done(last)) return last;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Deal {dealId} never reached the expected state; last seen: {last?.ToJsonString()}");
    }

    /// <summary>Waits until the connector reports the deal's write-back of <paramref name="state"/> delivered.</summary>
    public Task<JsonObject> WaitForWriteBackAsync(string dealId, string state, TimeSpan? timeout = null) =>
        WaitForDealAsync(dealId, d => d["salesOs"] is JsonObject w && w["deliveredState"]?.GetValue<string>() == state
                                      && w["status"]?.GetValue<string>() == "delivered", timeout);

    /// <summary>One catch-up run, as the Quartz job makes it.</summary>
    public Task<int> CatchUpAsync() =>
        ActivatorUtilities.CreateInstance<SalesOsCatchUpJob>(_service.Services).RunAsync(new SalesOsCatchUpOptions { InitialLookback = TimeSpan.FromHours(1), PageSize = 7, WebhookGrace = TimeSpan.Zero }, CancellationToken.None);

    private static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    public async Task DisposeAsync()
    {
        await _service.StopAsync();
        await _service.DisposeAsync();
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
public sealed class SalesOsCollection : ICollectionFixture<SalesOsFixture>
{
    public const string Name = "salesos";
}
