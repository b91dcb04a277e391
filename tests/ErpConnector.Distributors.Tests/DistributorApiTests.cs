using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ErpConnector.Distributors.Events;
using ErpConnector.Persistence;
using ErpConnector.Sandbox;
using ErpConnector.Sandbox.Distributors;
using ErpConnector.Service.Distributors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace ErpConnector.Distributors.Tests;

/// <summary>The service side as the host wires it: options validated at start-up, Quartz jobs per feed, the
/// /api/distributors routes and the readiness check, against the simulator.</summary>
public sealed class DistributorApiTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erpconnector-api-tests-{Guid.NewGuid():N}");
    private WebApplication? _sandbox;
    private WebApplication? _service;
    private HttpClient _api = new();
    private HttpClient _sim = new();
    private readonly RecordingPublisher _events = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _sandbox = await DistributorHosts.StartSandboxAsync(_directory);
        var sim = DistributorHosts.Address(_sandbox);
        _sim = new HttpClient { BaseAddress = new Uri(sim) };
        await _sim.PostAsJsonAsync("/_sandbox/distributors/api-file/catalogue", new { rows = 20_000 });
        await _sim.PostAsJsonAsync("/_sandbox/distributors/api-rest/catalogue", new { rows = 150 });

        _service = BuildService(new Dictionary<string, string?>
        {
            ["Distributors:Feeds:0:Id"] = "api-file",
            ["Distributors:Feeds:0:Name"] = "Simulated TD SYNNEX file",
            ["Distributors:Feeds:0:Adapter"] = "file",
            ["Distributors:Feeds:0:Schedule"] = "0 0 6 * * ?",
            ["Distributors:Feeds:0:File:Url"] = $"{sim}/distributors/api-file/files/prices.csv.zip",
            ["Distributors:Feeds:0:File:Columns:Currency"] = "currency",
            ["Distributors:Feeds:0:File:Columns:RetailPrice"] = "retail_price",
            ["Distributors:Feeds:0:File:Columns:Description"] = "description",
            ["Distributors:Feeds:1:Id"] = "api-rest",
            ["Distributors:Feeds:1:Adapter"] = "rest",
            ["Distributors:Feeds:1:Schedule"] = "0 30 */4 * * ?",
            ["Distributors:Feeds:1:TimeZone"] = "America/Manaus",
            ["Distributors:Feeds:1:Rest:BaseUrl"] = $"{sim}/distributors/api-rest/",
            ["Distributors:Feeds:1:Rest:TokenUrl"] = $"{sim}/distributors/api-rest/oauth/token",
            ["Distributors:Feeds:1:Rest:ClientId"] = "sandbox-client",
            ["Distributors:Feeds:1:Rest:ClientSecret"] = "sandbox-secret",
            ["Distributors:Feeds:1:Rest:CustomerNumber"] = "20-222222",
        });
        await _service.StartAsync();
        _api = new HttpClient { BaseAddress = new Uri(DistributorHosts.Address(_service)) };
    }

    private WebApplication BuildService(Dictionary<string, string?> settings)
    {
        // The bus is the host's; here we read what would be published.
        var app = DistributorHosts.BuildService(_directory, _events, settings);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = (http, report) => http.Response.WriteAsync(report.Status.ToString()),
        });
        return app;
    }

    [Fact]
    public async Task Feeds_are_listed_stale_until_synced_then_refetched_on_demand_through_quartz()
    {
        var list = await GetJson("/api/distributors");
        var feeds = list.GetProperty("feeds").EnumerateArray().ToList();
        Assert.Equal(["api-file", "api-rest"], feeds.Select(f => f.GetProperty("id").GetString()));
        Assert.All(feeds, f => Assert.True(f.GetProperty("stale").GetBoolean()));
        Assert.All(feeds, f => Assert.Equal(JsonValueKind.String, f.GetProperty("nextRunAt").ValueKind));
        Assert.Equal("Degraded", await _api.GetStringAsync("/health/ready"));

        // Slow the file so the second request arrives while the first run is still going.
        await _sim.PostAsJsonAsync("/_sandbox/distributors/faults", new { feedId = "api-file", kind = "slow", delayMs = 60 });
        var first = await _api.PostAsync("/api/distributors/api-file/refetch", null);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var started = await Json(first);
        var runId = started.GetProperty("runId").GetString()!;
        Assert.Equal($"/api/distributors/api-file/runs/{runId}", first.Headers.Location!.OriginalString);
        var second = await Json(await _api.PostAsJsonAsync("/api/distributors/api-file/refetch", new { force = true }));
        Assert.True(second.GetProperty("joined").GetBoolean());
        Assert.Equal(runId, second.GetProperty("runId").GetString());
        await _sim.DeleteAsync("/_sandbox/distributors/faults?feedId=api-file");

        var run = await WaitForOutcome("api-file", runId);
        Assert.Equal("applied", run.GetProperty("status").GetString());
        Assert.Equal(20_000, run.GetProperty("outcome").GetProperty("added").GetInt64());
        Assert.Equal(20_000, run.GetProperty("progress").GetProperty("rowsRead").GetInt64());
        Assert.True(run.GetProperty("progress").GetProperty("bytesTotal").GetInt64() > 0);

        var rest = await Json(await _api.PostAsync("/api/distributors/api-rest/refetch", null));
        Assert.Equal("applied", (await WaitForOutcome("api-rest", rest.GetProperty("runId").GetString()!)).GetProperty("status").GetString());
        Assert.Equal("Healthy", await _api.GetStringAsync("/health/ready"));

        var price = await GetJson("/api/distributors/api-file/prices/IM0000042");
        Assert.True(price.GetProperty("current").GetBoolean());
        Assert.True(price.GetProperty("price").GetDecimal() > 0);
        var status = await GetJson("/api/distributors/api-file");
        Assert.False(status.GetProperty("stale").GetBoolean());
        Assert.Equal(20_000, status.GetProperty("rowCount").GetInt64());
        Assert.Equal(runId, status.GetProperty("lastGoodRunId").GetString());
    }

    [Fact]
    public async Task A_rejected_feed_can_be_forced_through_and_errors_come_as_code_and_message()
    {
        await _sim.PostAsJsonAsync("/_sandbox/distributors/faults", new { feedId = "api-rest", kind = "empty" });
        var rejected = await Json(await _api.PostAsync("/api/distributors/api-rest/refetch", null));
        var outcome = await WaitForOutcome("api-rest", rejected.GetProperty("runId").GetString()!);
        Assert.Equal("rejected", outcome.GetProperty("status").GetString());
        Assert.Equal("empty", outcome.GetProperty("reason").GetString());

        var forced = await Json(await _api.PostAsync("/api/distributors/api-rest/refetch?force=true", null));
        Assert.True(forced.GetProperty("forced").GetBoolean());
        Assert.Equal("applied", (await WaitForOutcome("api-rest", forced.GetProperty("runId").GetString()!)).GetProperty("status").GetString());
        await _sim.DeleteAsync("/_sandbox/distributors/faults?feedId=api-rest");

        var unknown = await _api.PostAsync("/api/distributors/nope/refetch", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var error = await Json(unknown);
        Assert.Equal("distributor.not_found", error.GetProperty("code").GetString());
        Assert.Contains("nope", error.GetProperty("message").GetString());
        var noSku = await _api.GetAsync("/api/distributors/api-rest/prices/NOT-A-SKU");
        Assert.Equal("distributor.sku_not_found", (await Json(noSku)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Test_connection_says_what_failed_in_plain_words()
    {
        var ok = await Json(await _api.PostAsync("/api/distributors/api-rest/test-connection", null));
        Assert.True(ok.GetProperty("ok").GetBoolean(), ok.GetProperty("message").GetString());

        await _sim.PostAsJsonAsync("/_sandbox/distributors/faults", new { feedId = "api-file", kind = "unauthorized", times = 1 });
        var denied = await Json(await _api.PostAsync("/api/distributors/api-file/test-connection", null));
        Assert.False(denied.GetProperty("ok").GetBoolean());
        Assert.Contains("rejected the credentials (HTTP 401)", denied.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_bad_configuration_stops_start_up_naming_the_key()
    {
        await using var bad = BuildService(new Dictionary<string, string?>
        {
            ["Distributors:Feeds:0:Id"] = "broken",
            ["Distributors:Feeds:0:Adapter"] = "file",
            ["Distributors:Feeds:0:Schedule"] = "0 0 25 * * ?",
            ["Distributors:Feeds:0:File:Url"] = "https://files.example/price.zip",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => bad.StartAsync());

        Assert.Contains("Distributors:Feeds:0:Schedule '0 0 25 * * ?' is not a valid Quartz cron expression", error.Message);
    }

    private async Task<JsonElement> WaitForOutcome(string feedId, string runId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var run = await GetJson($"/api/distributors/{feedId}/runs/{runId}");
            var status = run.GetProperty("status").GetString();
            if (status is not ("queued" or "running")) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {runId} still {status}");
            await Task.Delay(100);
        }
    }

    private async Task<JsonElement> GetJson(string path) => await Json(await _api.GetAsync(path));

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

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
