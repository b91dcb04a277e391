using System.Security.Cryptography;
using System.Text;
using ErpConnector.Contracts;
using ErpConnector.Service.Security;
using ErpConnector.TestSupport.Deals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Service.Tests.Api;

/// <summary>
/// The real service pipeline (<see cref="ServiceApp.Build"/>: correlation, errors, security, every endpoint) on an
/// in-memory test server, with the in-memory bus and a temporary SQLite ledger: no broker, no network.
/// </summary>
public sealed class InProcessService : IAsyncLifetime
{
    public const string AdminKey = "api-errors-admin-key-7c41d0e9b2a84f36";

    /// <summary>A test-only route that throws, to see what a caller gets from an unexpected failure.</summary>
    public const string FailingPath = "/api/deals/unit-test/explode";

    public const string FailureMessage = "secret-detail-from-the-failure 5f0c";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erpconnector-api-tests-{Guid.NewGuid():N}");
    private WebApplication _app = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The Omie webhook's path token in this service (<c>/webhooks/omie/{token}</c>).</summary>
    public const string OmieWebhookToken = "unit-test-omie-token-0123456789abcdef";

    /// <summary>Everything this service logs, at every level, once a spec calls <c>Logs.Start()</c> (to search for secrets).</summary>
    public ErpConnector.TestSupport.Logging.LogCaptureProvider Logs { get; } = new();

    /// <summary>The running service's container (to reach a store a spec sets up or reads).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The SQLite ledger file this service writes.</summary>
    public string LedgerPath => Path.Combine(_directory, "ledger.db");

    /// <summary>Writes an issued deal into this service's ledger with plain SQL (see <see cref="IssuedDealRow"/>).</summary>
    public async Task SeedIssuedDealAsync(DealWon won, bool stuck)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={LedgerPath};Pooling=False");
        await db.OpenAsync();
        await IssuedDealRow.InsertAsync(db, won, stuck, DateTimeOffset.UtcNow.AddHours(-1));
    }

    /// <summary>Seeds an issued deal of a fresh won deal (not stuck) and returns its id.</summary>
    public async Task<string> SeedIssuedDealAsync()
    {
        var won = ErpConnector.TestSupport.Deals.DealWonBuilder.AWonDeal().Build();
        await SeedIssuedDealAsync(won, stuck: false);
        return won.DealId;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _app = ServiceApp.Build([], b =>
        {
            b.WebHost.UseTestServer();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Messaging:RabbitMqUri"] = "",
                ["Persistence:Provider"] = "sqlite",
                ["Persistence:ConnectionString"] = $"Data Source={LedgerPath}",
                ["Omie:BaseUrl"] = "http://127.0.0.1:9/api/v1/",
                ["Omie:AppKey"] = "unit-test-app-key",
                ["Omie:AppSecret"] = "unit-test-app-secret",
                ["Security:ApiKeys:0:Name"] = "unit-test-admin",
                ["Security:ApiKeys:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey))),
                ["Webhooks:SalesOS:Secret"] = "unit-test-webhook-secret-0123456789",
                ["Webhooks:Omie:Token"] = OmieWebhookToken,
            });
            for (var i = 0; i < ApiScopes.All.Count; i++)
                b.Configuration[$"Security:ApiKeys:0:Scopes:{i}"] = ApiScopes.All[i];
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Logging.AddProvider(Logs).AddFilter<ErpConnector.TestSupport.Logging.LogCaptureProvider>(null, LogLevel.Trace);
        });
        _app.MapGet(FailingPath, string () => throw new InvalidOperationException(FailureMessage));
        await _app.StartAsync();
        Client = _app.GetTestClient();
        Client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
