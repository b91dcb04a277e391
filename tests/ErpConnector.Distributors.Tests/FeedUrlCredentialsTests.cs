using System.Net.Http.Json;
using System.Text.Json;
using ErpConnector.Contracts;
using ErpConnector.Distributors.Events;
using ErpConnector.Persistence;
using ErpConnector.Sandbox;
using ErpConnector.Sandbox.Distributors;
using ErpConnector.Service.Distributors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ErpConnector.TestSupport.Logging;

namespace ErpConnector.Distributors.Tests;

/// <summary>Feed URLs configured with credentials in them (user info, <c>?token=</c>) against the simulator, through
/// the host as it is wired: every test-connection answer, run, published event and log entry (all levels,
/// HttpClient's own included) is searched for the password and the token.</summary>
public sealed class FeedUrlCredentialsTests : IAsyncLifetime
{
    private const string Password = "s3cr3t";
    private const string Token = "t0k3n";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erpconnector-url-tests-{Guid.NewGuid():N}");
    private readonly RecordingPublisher _events = new();
    private readonly LogCaptureProvider _logs = new();
    private readonly List<string> _seen = [];
    private WebApplication? _sandbox;
    private WebApplication? _service;
    private HttpClient _api = new();
    private HttpClient _sim = new();
    private string _host = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _logs.Start();
        _sandbox = await DistributorHosts.StartSandboxAsync(_directory);
        var sim = new Uri(DistributorHosts.Address(_sandbox));
        _host = $"{sim.Host}:{sim.Port}";
        _sim = new HttpClient { BaseAddress = sim };
        await _sim.PostAsJsonAsync("/_sandbox/distributors/leaky-file/catalogue", new { rows = 200 });
        await _sim.PostAsJsonAsync("/_sandbox/distributors/leaky-rest/catalogue", new { rows = 50 });
    }

    private WebApplication BuildService(Dictionary<string, string?> settings) =>
        DistributorHosts.BuildService(_directory, _events, settings,
            b => b.Logging.AddProvider(_logs).AddFilter<LogCaptureProvider>(null, LogLevel.Trace));

    [Fact]
    public async Task Test_connection_runs_events_and_logs_never_show_the_password_or_the_token_of_a_feed_url()
    {
        var secret = $"user:{Password}@{_host}";
        _service = BuildService(new Dictionary<string, string?>
        {
            ["Distributors:Feeds:0:Id"] = "leaky-file",
            ["Distributors:Feeds:0:Adapter"] = "file",
            ["Distributors:Feeds:0:Schedule"] = "0 0 6 * * ?",
            ["Distributors:Feeds:0:File:Url"] = $"http://{secret}/distributors/leaky-file/files/prices.csv?token={Token}&region=br",
            ["Distributors:Feeds:1:Id"] = "leaky-unreachable",
            ["Distributors:Feeds:1:Adapter"] = "file",
            ["Distributors:Feeds:1:Schedule"] = "0 0 6 * * ?",
            ["Distributors:Feeds:1:File:Url"] = $"http://user:{Password}@127.0.0.1:1/prices.csv?API_KEY={Token}",
            // One try of the whole file each: the failures below are meant to end the run.
            ["Distributors:Feeds:0:File:DownloadAttempts"] = "1",
            ["Distributors:Feeds:1:File:DownloadAttempts"] = "1",
            ["Distributors:Feeds:2:Id"] = "leaky-rest",
            ["Distributors:Feeds:2:Adapter"] = "rest",
            ["Distributors:Feeds:2:Schedule"] = "0 0 6 * * ?",
            ["Distributors:Feeds:2:Rest:BaseUrl"] = $"http://{secret}/distributors/leaky-rest/",
            ["Distributors:Feeds:2:Rest:TokenUrl"] = $"http://{secret}/distributors/leaky-rest/oauth/token?access_token={Token}",
            ["Distributors:Feeds:2:Rest:ClientId"] = "sandbox-client",
            ["Distributors:Feeds:2:Rest:ClientSecret"] = "sandbox-secret",
            ["Distributors:Feeds:2:Rest:CustomerNumber"] = "20-222222",
            ["Distributors:Feeds:2:Rest:MaxRetries"] = "0",
        });
        await _service.StartAsync();
        _api = new HttpClient { BaseAddress = new Uri(DistributorHosts.Address(_service)) };

        // Test connection: reached, refused (401), unreachable, and a token endpoint refusing.
        var reached = await TestConnectionAsync("leaky-file");
        Assert.True(reached.GetProperty("ok").GetBoolean(), reached.ToString());
        Assert.Contains($"http://{_host}/distributors/leaky-file/files/prices.csv?token=***&region=br", reached.GetProperty("message").GetString());
        await ArmAsync("leaky-file", "unauthorized", times: 1);
        Assert.False((await TestConnectionAsync("leaky-file")).GetProperty("ok").GetBoolean());
        Assert.False((await TestConnectionAsync("leaky-unreachable")).GetProperty("ok").GetBoolean());
        await ArmAsync("leaky-rest", "unauthorized", times: 1);
        Assert.False((await TestConnectionAsync("leaky-rest")).GetProperty("ok").GetBoolean());

        // Runs: failed (HTTP 500, unreachable, API failing) and rejected (empty file).
        await ArmAsync("leaky-file", "server-error", times: 1);
        Assert.Equal("failed", (await RefetchAsync("leaky-file")).GetProperty("status").GetString());
        Assert.Equal("failed", (await RefetchAsync("leaky-unreachable")).GetProperty("status").GetString());
        await ArmAsync("leaky-rest", "server-error", times: 1);
        Assert.Equal("failed", (await RefetchAsync("leaky-rest")).GetProperty("status").GetString());
        await ArmAsync("leaky-file", "empty");
        Assert.Equal("rejected", (await RefetchAsync("leaky-file")).GetProperty("status").GetString());

        var rejections = _events.Of<DistributorFeedRejected>();
        Assert.Equal(4, rejections.Count);
        Assert.Contains(rejections, r => r.Message.Contains($"http://{_host}/distributors/leaky-file/files/prices.csv?token=***", StringComparison.Ordinal));
        var published = _events.Published.Select(e => JsonSerializer.Serialize(e, e.GetType())).ToList();
        var logs = _logs.Entries;
        Assert.Contains(logs, e => e.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal)); // HttpClient's own logs are in the search

        foreach (var text in _seen.Concat(published).Concat(logs))
        {
            Assert.False(text.Contains(Password, StringComparison.Ordinal), $"the password of a feed URL leaked: {text}");
            Assert.False(text.Contains(Token, StringComparison.Ordinal), $"the token of a feed URL leaked: {text}");
        }
    }

    [Fact]
    public async Task A_bad_feed_url_stops_start_up_without_echoing_its_credentials()
    {
        await using var bad = BuildService(new Dictionary<string, string?>
        {
            ["Distributors:Feeds:0:Id"] = "broken",
            ["Distributors:Feeds:0:Adapter"] = "file",
            ["Distributors:Feeds:0:Schedule"] = "0 0 6 * * ?",
            ["Distributors:Feeds:0:File:Url"] = $"ftp://user:{Password}@files.example/price.zip?signature={Token}",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => bad.StartAsync());

        Assert.Contains("Distributors:Feeds:0:File:Url must be an absolute", error.Message);
        Assert.Contains("ftp://files.example/price.zip?signature=***", error.Message);
        Assert.DoesNotContain(Password, error.Message);
        Assert.DoesNotContain(Token, error.Message);
    }

    private async Task<JsonElement> TestConnectionAsync(string feedId)
    {
        using var response = await _api.PostAsync($"/api/distributors/{feedId}/test-connection", null);
        return await Read(response);
    }

    private async Task<JsonElement> RefetchAsync(string feedId)
    {
        using var response = await _api.PostAsync($"/api/distributors/{feedId}/refetch", null);
        var runId = (await Read(response)).GetProperty("runId").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var poll = await _api.GetAsync($"/api/distributors/{feedId}/runs/{runId}");
            var run = await Read(poll);
            if (run.GetProperty("status").GetString() is not ("queued" or "running"))
            {
                await _sim.DeleteAsync($"/_sandbox/distributors/faults?feedId={feedId}");
                return run;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {runId} of {feedId} did not finish");
            await Task.Delay(100);
        }
    }

    private async Task<JsonElement> Read(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        _seen.Add(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task ArmAsync(string feedId, string kind, int? times = null) =>
        (await _sim.PostAsJsonAsync("/_sandbox/distributors/faults", new { feedId, kind, times })).EnsureSuccessStatusCode();

    public async Task DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        if (_sandbox is not null) await _sandbox.DisposeAsync();
        _api.Dispose();
        _sim.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
