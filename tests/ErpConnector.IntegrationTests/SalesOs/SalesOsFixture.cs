using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.IntegrationTests.Fixtures;
using ErpConnector.Service.SalesOs;
using Microsoft.Extensions.DependencyInjection;

namespace ErpConnector.IntegrationTests.SalesOs;

/// <summary>
/// The connector wired to the simulated SalesOS (API client, write-back on, webhook delivered by the simulator's
/// sender) and Omie, on a real broker and its own SQLite ledger. The catch-up's Quartz trigger is off: specs run a
/// catch-up when they want one, so a listing never races the writes they count.
/// </summary>
public sealed class SalesOsFixture : ConnectorFixture
{
    /// <summary>The simulator's own HTTP API (SalesOS pages under <c>/_sandbox/salesos</c>).</summary>
    public HttpClient Simulator { get; private set; } = null!;
    /// <summary>The simulated Omie's inspection API.</summary>
    public SandboxClient Omie => Sandbox;
    public string WebhookUrl { get; private set; } = "";

    protected override IReadOnlyDictionary<string, string?> SandboxOverrides => new Dictionary<string, string?>
    {
        ["Sandbox:SalesOS:RetryScale"] = "0.0005", // 1 min → 30 ms
        ["Sandbox:SalesOS:RequestsPerMinute"] = "0",
    };

    protected override IReadOnlyDictionary<string, string?> ServiceOverrides => new Dictionary<string, string?>
    {
        ["Messaging:DealWonQueue"] = "erp-connector.deal-won.salesos-tests",
        ["SalesOS:TokenUrl"] = $"{SandboxUrl}/salesos/oauth/token",
        ["SalesOS:BaseUrl"] = $"{SandboxUrl}/salesos/v1/",
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
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Simulator = new HttpClient { BaseAddress = new Uri(SandboxUrl) };
        WebhookUrl = $"{ServiceUrl}/webhooks/salesos";
        await SubscribeAsync(WebhookUrl);
    }

    public async Task SubscribeAsync(string url)
    {
        using var response = await Simulator.PutAsJsonAsync("/_sandbox/salesos/webhook", new { url, secret = Production.ProductionSettings.WebhookSecret });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Wins a deal in the simulated SalesOS (the webhook delivers it unless deactivated); returns its id.</summary>
    public async Task<string> WinDealAsync(string? dealId = null)
    {
        var id = dealId ?? $"SOS-{Guid.NewGuid():N}"[..24];
        var envelope = Production.SalesOs.DealWonEnvelope(dealId: id);
        var deal = ((Dictionary<string, object?>)envelope["data"]!)["deal"];
        using var response = await Simulator.PostAsJsonAsync("/_sandbox/salesos/deals", deal);
        response.EnsureSuccessStatusCode();
        return id;
    }

    public async Task<JsonObject> SalesOsDealAsync(string dealId) =>
        (await Simulator.GetFromJsonAsync<JsonObject>($"/_sandbox/salesos/deals/{dealId}"))!;

    public async Task<JsonObject> WebhookAsync() => (await Simulator.GetFromJsonAsync<JsonObject>("/_sandbox/salesos/webhook"))!;

    public async Task<JsonArray> RequestsAsync() => (await Simulator.GetFromJsonAsync<JsonObject>("/_sandbox/salesos/requests"))!["requests"]!.AsArray();

    public async Task<int> TokensIssuedAsync() => (await Simulator.GetFromJsonAsync<JsonObject>("/_sandbox/salesos/requests"))!["tokensIssued"]!.GetValue<int>();

    public async Task FaultAsync(object faults)
    {
        using var response = await Simulator.PostAsJsonAsync("/_sandbox/salesos/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await Simulator.DeleteAsync("/_sandbox/salesos/faults");
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
        ActivatorUtilities.CreateInstance<SalesOsCatchUpJob>(ServiceProvided<IServiceProvider>()).RunAsync(new SalesOsCatchUpOptions { InitialLookback = TimeSpan.FromHours(1), PageSize = 7, WebhookGrace = TimeSpan.Zero }, CancellationToken.None);
}

[CollectionDefinition(Name)]
public sealed class SalesOsCollection : ICollectionFixture<SalesOsFixture>
{
    public const string Name = "salesos";
}
