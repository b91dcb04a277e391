using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ErpConnector.Sandbox;
using ErpConnector.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace ErpConnector.Console.Tests;

/// <summary>
/// The real connector on a real Kestrel port (a browser cannot reach a TestServer) with a temporary SQLite ledger and
/// the in-memory bus, the Omie/distributor simulator beside it in-process, and one headless Debian chromium.
/// </summary>
public sealed class ConsoleHost : IAsyncLifetime
{
    public const string AdminKey = "console-admin-key-3f9a61c2d7e84b05";
    public const string ReaderKey = "console-reader-key-8b2e47d1c6a93f50";
    public const string AdminName = "console-admin";
    public const string ReaderName = "console-reader";
    public const string FeedId = "demo-file";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erpconnector-console-{Guid.NewGuid():N}");
    private WebApplication _sandbox = null!;
    private WebApplication _service = null!;
    private IPlaywright _playwright = null!;

    public string Url { get; private set; } = "";
    public HttpClient Api { get; private set; } = null!;
    public HttpClient Sandbox { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    /// <summary>The service's container, for what a spec must see or set inside it (the audit, a credential's state).</summary>
    public IServiceProvider Services => _service.Services;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration["Sandbox:NfseIssueDelay"] = "00:00:00.300";
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _sandbox.StartAsync();
        var sandboxUrl = AddressOf(_sandbox);
        Sandbox = new HttpClient { BaseAddress = new Uri(sandboxUrl) };

        _service = ServiceApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Messaging:RabbitMqUri"] = "",
                ["Persistence:Provider"] = "sqlite",
                ["Persistence:ConnectionString"] = $"Data Source={Path.Combine(_directory, "ledger.db")}",
                ["Omie:BaseUrl"] = $"{sandboxUrl}/api/v1/",
                ["Omie:AppKey"] = "sandbox-app-key",
                ["Omie:AppSecret"] = "sandbox-app-secret",
                ["DealProcessing:FirstPollDelay"] = "00:00:00.200",
                ["DealProcessing:PollInterval"] = "00:00:00.300",
                ["DealProcessing:SweepInterval"] = "00:00:00.250",
                ["Security:ApiKeys:0:Name"] = AdminName,
                ["Security:ApiKeys:0:Sha256"] = Sha256(AdminKey),
                ["Security:ApiKeys:0:Scopes:0"] = "deals:read",
                ["Security:ApiKeys:0:Scopes:1"] = "deals:write",
                ["Security:ApiKeys:0:Scopes:2"] = "distributors:read",
                ["Security:ApiKeys:0:Scopes:3"] = "distributors:run",
                ["Security:ApiKeys:1:Name"] = ReaderName,
                ["Security:ApiKeys:1:Sha256"] = Sha256(ReaderKey),
                ["Security:ApiKeys:1:Scopes:0"] = "deals:read",
                ["Security:ApiKeys:1:Scopes:1"] = "distributors:read",
                ["Distributors:Feeds:0:Id"] = FeedId,
                ["Distributors:Feeds:0:Name"] = "Simulated price file",
                ["Distributors:Feeds:0:Adapter"] = "file",
                ["Distributors:Feeds:0:Schedule"] = "0 0 3 * * ?",
                ["Distributors:Feeds:0:File:Url"] = $"{sandboxUrl}/distributors/demo-file/files/prices.csv.zip",
                ["Distributors:Feeds:0:File:Columns:Currency"] = "currency",
                ["Distributors:Feeds:0:File:Columns:RetailPrice"] = "retail_price",
                ["Distributors:Feeds:0:File:Columns:Description"] = "description",
            });
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _service.StartAsync();
        Url = AddressOf(_service);
        Api = new HttpClient { BaseAddress = new Uri(Url), DefaultRequestHeaders = { { "X-Api-Key", AdminKey } } };

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ConsoleBrowser.ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh browser context (own cookies) in Brazilian Portuguese, the console's first language.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Url, Locale = "pt-BR", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task InjectAsync(object fault) => (await Sandbox.PostAsJsonAsync("/_sandbox/faults", fault)).EnsureSuccessStatusCode();

    public async Task ClearFaultsAsync() => (await Sandbox.DeleteAsync("/_sandbox/faults")).EnsureSuccessStatusCode();

    public async Task<string> PostDealAsync()
    {
        var deal = DealWonBuilder.AWonDeal().Build();
        (await Api.PostAsJsonAsync("/api/deals", deal)).EnsureSuccessStatusCode();
        return deal.DealId;
    }

    /// <summary>Waits (positive signal, bounded) until the API shows the deal in <paramref name="state"/>.</summary>
    public async Task<JsonObject> WaitForStateAsync(string dealId, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonObject? deal = null;
        while (DateTime.UtcNow < deadline)
        {
            deal = await Api.GetFromJsonAsync<JsonObject>($"/api/deals/{Uri.EscapeDataString(dealId)}");
            if (deal?["state"]?.GetValue<string>() == state) return deal;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Deal {dealId} did not reach '{state}' within 60 s; last seen: {deal?.ToJsonString()}");
    }

    private static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await _service.StopAsync();
        await _service.DisposeAsync();
        await _sandbox.StopAsync();
        await _sandbox.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleHost>
{
    public const string Name = "console";
}
