using System.Net.Http.Json;
using System.Text.Json;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErpConnector.Distributors.Tests;

/// <summary>The embedded default keeps Quartz's triggers in memory: an on-demand run accepted before a restart is a
/// queued row in the ledger whose trigger died with the process. The restarted host must still run it.</summary>
public sealed class QueuedRunRestartTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erpconnector-restart-tests-{Guid.NewGuid():N}");
    private WebApplication? _sandbox;
    private WebApplication? _service;
    private readonly RecordingPublisher _events = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _sandbox = await DistributorHosts.StartSandboxAsync(_directory);
        using var sim = new HttpClient { BaseAddress = new Uri(DistributorHosts.Address(_sandbox)) };
        await sim.PostAsJsonAsync("/_sandbox/distributors/restart-rest/catalogue", new { rows = 120 });
    }

    [Fact]
    public async Task A_refetch_queued_before_a_restart_runs_once_the_host_is_back()
    {
        var sim = DistributorHosts.Address(_sandbox!).TrimEnd('/');
        _service = DistributorHosts.BuildService(_directory, _events, new Dictionary<string, string?>
        {
            ["Distributors:Feeds:0:Id"] = "restart-rest",
            ["Distributors:Feeds:0:Adapter"] = "rest",
            ["Distributors:Feeds:0:Schedule"] = "0 0 6 * * ?",
            ["Distributors:Feeds:0:Rest:BaseUrl"] = $"{sim}/distributors/restart-rest/",
            ["Distributors:Feeds:0:Rest:TokenUrl"] = $"{sim}/distributors/restart-rest/oauth/token",
            ["Distributors:Feeds:0:Rest:ClientId"] = "sandbox-client",
            ["Distributors:Feeds:0:Rest:ClientSecret"] = "sandbox-secret",
            ["Distributors:Feeds:0:Rest:CustomerNumber"] = "20-222222",
        });
        // What the previous process left: the run accepted (202) and queued in the ledger, its in-memory trigger gone.
        var runs = _service.Services.GetRequiredService<IFeedRunStore>();
        var abandonAfter = _service.Services.GetRequiredService<IOptions<DistributorsOptions>>().Value.AbandonRunAfter;
        var (queued, joined) = await runs.StartOrJoinAsync("restart-rest", "api", force: true, DateTimeOffset.UtcNow, abandonAfter, CancellationToken.None);
        Assert.False(joined);

        await _service.StartAsync();

        using var api = new HttpClient { BaseAddress = new Uri(DistributorHosts.Address(_service)) };
        var run = await WaitForOutcome(api, queued.RunId);
        Assert.Equal("applied", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("forced").GetBoolean());
        Assert.Equal(120, run.GetProperty("outcome").GetProperty("added").GetInt64());
    }

    private static async Task<JsonElement> WaitForOutcome(HttpClient api, string runId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var run = JsonDocument.Parse(await api.GetStringAsync($"/api/distributors/restart-rest/runs/{runId}")).RootElement.Clone();
            var status = run.GetProperty("status").GetString();
            if (status is not ("queued" or "running")) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {runId} still {status}");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        if (_sandbox is not null) await _sandbox.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
