using System.Net.Http.Json;
using System.Text.Json;
using ErpConnector.Contracts;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Files;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Service.Configuration;
using ErpConnector.Service.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ErpConnector.TestSupport.Logging;

namespace ErpConnector.Distributors.Tests.Sftp;

/// <summary>Credentials in mounted files (a key-per-file directory such as /run/secrets, or a JSON file), through the
/// host as it is wired: rotated in the file, they are used by the next run and test-connection without a restart; a
/// run in progress keeps the ones it started with; rejected ones show as such in the API and /health/ready.</summary>
[Collection(SftpCollection.Name)]
public sealed class CredentialRotationTests(SftpServer server) : IAsyncLifetime
{
    private const string FeedId = "ingram-eu-sftp";
    private const string PasswordKey = "Distributors:Feeds:0:File:Password";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erpconnector-rotation-{Guid.NewGuid():N}");
    private readonly RecordingPublisher _events = new();
    private readonly MidFileGate _gate = new();
    private readonly LogCaptureProvider _logs = new();
    private readonly string _folder = $"r{Guid.NewGuid().ToString("N")[..8]}";
    private WebApplication? _service;
    private HttpClient _api = new();

    private string SecretsDirectory => Path.Combine(_directory, "secrets");
    private string SecretsJson => Path.Combine(_directory, "secrets.json");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(SecretsDirectory);
        return Task.CompletedTask;
    }

    private async Task StartAsync(string source, string password, int downloadAttempts = 1)
    {
        WriteSecret(source, password);
        server.Put($"{_folder}/prices.csv", PriceFiles.Csv(150_000));
        var file = SftpFeedHarness.SftpFile(server, $"{_folder}/prices.csv");
        _service = DistributorHosts.BuildService(_directory, _events, new Dictionary<string, string?>
        {
            ["Distributors:Feeds:0:Id"] = FeedId,
            ["Distributors:Feeds:0:Adapter"] = "file",
            ["Distributors:Feeds:0:Schedule"] = "0 0 6 * * ?",
            ["Distributors:Feeds:0:File:Url"] = file.Url,
            ["Distributors:Feeds:0:File:Username"] = file.Username,
            ["Distributors:Feeds:0:File:HostKeyFingerprint"] = file.HostKeyFingerprint,
            ["Distributors:Feeds:0:File:DownloadAttempts"] = downloadAttempts.ToString(),
            ["Distributors:Feeds:0:File:RetryDelay"] = "00:00:00",
            // No password here: it comes only from the credential file.
        }, b =>
        {
            b.Configuration.AddCredentialFiles(source == "directory" ? SecretsDirectory : null, source == "json" ? SecretsJson : null);
            b.Services.AddSingleton(_gate);
            b.Services.AddSingleton<FilePriceFeedAdapter>();
            b.Services.AddSingleton<IPriceFeedAdapter, MidFileGate.Adapter>(); // first of its kind: the runner's pick
            b.Logging.AddProvider(_logs).AddFilter<LogCaptureProvider>(null, LogLevel.Trace);
        });
        _service.MapConnectorHealth();
        await _service.StartAsync();
        _api = new HttpClient { BaseAddress = new Uri(DistributorHosts.Address(_service)) };
    }

    private void WriteSecret(string source, string password)
    {
        if (source == "directory")
            File.WriteAllText(Path.Combine(SecretsDirectory, PasswordKey.Replace(":", "__")), password + "\n");
        else
            File.WriteAllText(SecretsJson, JsonSerializer.Serialize(new { Distributors = new { Feeds = new[] { new { File = new { Password = password } } } } }));
    }

    /// <summary>Rewrites the credential file and returns once the service's options carry the new value.</summary>
    private async Task RotateAsync(string source, string password)
    {
        var monitor = _service!.Services.GetRequiredService<IOptionsMonitor<DistributorsOptions>>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = monitor.OnChange(o => { if (o.Find(FeedId)?.File?.Password == password) seen.TrySetResult(); });
        WriteSecret(source, password);
        await seen.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [SftpTheory]
    [InlineData("directory")]
    [InlineData("json")]
    public async Task A_rotated_credential_is_used_by_the_next_run_without_a_restart_and_a_rejected_one_shows_in_the_api_and_health(string source)
    {
        await StartAsync(source, "expired-password");

        var refused = await RefetchAsync();
        Assert.Equal("failed", refused.GetProperty("status").GetString());
        Assert.Equal("credentials-rejected", refused.GetProperty("reason").GetString());
        var status = await GetAsync($"/api/distributors/{FeedId}");
        Assert.Equal("credentials-rejected", status.GetProperty("lastRunReason").GetString());
        Assert.Equal("credentials-rejected", status.GetProperty("problem").GetProperty("kind").GetString());
        Assert.Equal("Re-enter the credentials, then test the connection.", status.GetProperty("problem").GetProperty("action").GetString());
        var health = await GetAsync("/health/ready");
        var feeds = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "distributor-feeds");
        Assert.Equal("Degraded", feeds.GetProperty("status").GetString());
        Assert.Contains($"Credentials rejected by the distributor: {FeedId}", feeds.GetProperty("description").GetString());
        var check = await PostAsync($"/api/distributors/{FeedId}/test-connection");
        Assert.False(check.GetProperty("ok").GetBoolean());
        Assert.True(check.GetProperty("credentialsRejected").GetBoolean());
        var rejected = Assert.Single(_events.Of<DistributorFeedRejected>());
        Assert.Equal("credentials-rejected", rejected.Reason);

        await RotateAsync(source, server.Password);

        var tested = await PostAsync($"/api/distributors/{FeedId}/test-connection");
        Assert.True(tested.GetProperty("ok").GetBoolean(), tested.ToString());
        var applied = await RefetchAsync();
        Assert.Equal("applied", applied.GetProperty("status").GetString());
        var after = await GetAsync($"/api/distributors/{FeedId}");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("problem").ValueKind);
        var healthy = (await GetAsync("/health/ready")).GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "distributor-feeds");
        Assert.Equal("Healthy", healthy.GetProperty("status").GetString());
        var texts = new[] { refused.ToString(), status.ToString(), health.ToString(), check.ToString(), tested.ToString(), JsonSerializer.Serialize(rejected) };
        Assert.DoesNotContain(texts, t => t.Contains(server.Password, StringComparison.Ordinal) || t.Contains("expired-password", StringComparison.Ordinal));
    }

    [LocalSftpFact]
    public async Task A_run_in_progress_keeps_the_credentials_it_started_with_and_the_next_run_uses_the_new_ones()
    {
        await StartAsync("json", server.Password, downloadAttempts: 2);
        var midFile = _gate.ArmAsync();
        var runId = await StartRefetchAsync();
        await midFile.WaitAsync(TimeSpan.FromMinutes(1));

        await RotateAsync("json", "rotated-elsewhere");
        server.CutSessions(); // the run must log in again for its second try of the whole file
        _gate.Release();
        var run = await WaitForRunAsync(runId);

        Assert.Equal("applied", run.GetProperty("status").GetString()); // logged in again with the password it started with
        var next = await RefetchAsync();
        Assert.Equal("credentials-rejected", next.GetProperty("reason").GetString()); // the file's new value, no restart
    }

    [SftpFact]
    public async Task An_invalid_edit_of_the_credential_file_keeps_the_last_valid_settings_and_the_service_serving()
    {
        _logs.Start();
        await StartAsync("json", server.Password);

        // A new password together with a setting that fails validation: nothing of the edit may apply.
        File.WriteAllText(SecretsJson, """{"Distributors":{"Feeds":[{"File":{"Password":"half-edited","ConnectTimeout":"00:00:00"}}]}}""");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!_logs.Entries.Any(e => e.Contains("settings are invalid and were not applied", StringComparison.Ordinal)))
        {
            using var list = await _api.GetAsync("/api/distributors");
            Assert.True(list.IsSuccessStatusCode, $"{(int)list.StatusCode}: {await list.Content.ReadAsStringAsync()} {string.Join("\n", _logs.Entries.TakeLast(5))}");
            Assert.True(DateTime.UtcNow < deadline, "the invalid edit was never noticed");
            await Task.Delay(100);
        }

        var check = await PostAsync($"/api/distributors/{FeedId}/test-connection");
        Assert.True(check.GetProperty("ok").GetBoolean(), check.ToString()); // still the last valid password
        Assert.Contains(_logs.Entries, e => e.Contains("ConnectTimeout must be positive", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Contains("half-edited", StringComparison.Ordinal));
    }

    [SftpFact]
    public async Task A_credential_file_caught_half_written_keeps_the_values_it_had()
    {
        await StartAsync("json", server.Password);
        var monitor = _service!.Services.GetRequiredService<IOptionsMonitor<DistributorsOptions>>();
        var reloaded = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = monitor.OnChange(o => reloaded.TrySetResult(o.Find(FeedId)?.File?.Password));

        File.WriteAllText(SecretsJson, """{"Distributors":{"Feeds":[{"File":{"Passw""");

        Assert.Equal(server.Password, await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        var check = await PostAsync($"/api/distributors/{FeedId}/test-connection");
        Assert.True(check.GetProperty("ok").GetBoolean(), check.ToString());
    }

    private async Task<JsonElement> RefetchAsync() => await WaitForRunAsync(await StartRefetchAsync());

    private async Task<string> StartRefetchAsync() =>
        (await PostAsync($"/api/distributors/{FeedId}/refetch")).GetProperty("runId").GetString()!;

    private async Task<JsonElement> WaitForRunAsync(string runId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var run = await GetAsync($"/api/distributors/{FeedId}/runs/{runId}");
            if (run.GetProperty("status").GetString() is not ("queued" or "running")) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {runId} did not finish: {run}");
            await Task.Delay(100);
        }
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _api.GetAsync(path);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<JsonElement> PostAsync(string path)
    {
        using var response = await _api.PostAsync(path, null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        _gate.Release();
        if (_service is not null) await _service.DisposeAsync();
        _api.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
