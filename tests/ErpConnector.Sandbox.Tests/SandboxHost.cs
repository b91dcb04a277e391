using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Sandbox.Tests;

/// <summary>The simulator on a real loopback port, as the connector's HTTP client will see it.</summary>
public sealed class SandboxHost : IAsyncDisposable
{
    public const string AppKey = "test-app-key";
    public const string AppSecret = "test-app-secret";

    private readonly WebApplication _app;

    private SandboxHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        // No redirects: a 301 must be seen, not silently turned into a GET.
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }
    public HttpClient Http { get; }

    /// <param name="settings">"Sandbox:..." keys on top of the test defaults (short NFS-e delay, limits off).</param>
    public static async Task<SandboxHost> StartAsync(params (string Key, string Value)[] settings)
    {
        var config = new Dictionary<string, string?>
        {
            ["Sandbox:AppKey"] = AppKey,
            ["Sandbox:AppSecret"] = AppSecret,
            ["Sandbox:NfseIssueDelay"] = "00:00:00.300",
        };
        foreach (var (key, value) in settings) config[key] = value;

        var app = SandboxApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        return new SandboxHost(app, new Uri(app.Urls.Single()));
    }

    public Task<OmieReply> Call(string service, string call, JsonObject param, string appKey = AppKey, string appSecret = AppSecret) =>
        Send($"/api/v1/{service}/", new JsonObject
        {
            ["call"] = call,
            ["app_key"] = appKey,
            ["app_secret"] = appSecret,
            ["param"] = new JsonArray(param.DeepClone()),
        }.ToJsonString());

    public async Task<OmieReply> Send(string path, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Http.PostAsync(path, content);
        return await OmieReply.Read(response);
    }

    public async Task Inject(object injection)
    {
        using var response = await Http.PostAsync("/_sandbox/faults", JsonContent(injection));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Waits until the simulator has received <paramref name="count"/> calls of <paramref name="call"/>,
    /// so a test can overlap requests without guessing how long the first one takes to arrive.</summary>
    /// <summary>Waits until <paramref name="count"/> calls of <paramref name="call"/> are held by an injected delay:
    /// past the limits and holding their slot, so a call sent now surely meets them in flight. (Waiting for them to
    /// arrive was not enough: a second call overtook an arrived one at the limits, once in CI-like runs.)</summary>
    public async Task CallsHeld(string call, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            var held = JsonNode.Parse(await Http.GetStringAsync("/_sandbox/calls"))!["held"]!;
            if ((held[call]?.GetValue<int>() ?? 0) >= count) return;
            await Task.Delay(20);
        }
        Assert.Fail($"{call} was never held {count} time(s) at once");
    }

    public async Task<JsonObject> State() => JsonNode.Parse(await Http.GetStringAsync("/_sandbox/state"))!.AsObject();

    public static StringContent JsonContent(object value) =>
        new(System.Text.Json.JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What came back from an Omie call: status, raw body, and the fault fields when the body is a fault.</summary>
public sealed record OmieReply(HttpStatusCode Status, string Body, JsonNode? Json, HttpResponseHeaders Headers)
{
    public string? FaultCode => Json?["faultcode"]?.GetValue<string>();
    public string? FaultString => Json?["faultstring"]?.GetValue<string>();

    public JsonObject Ok()
    {
        Assert.True(Status == HttpStatusCode.OK, $"expected success, got {(int)Status}: {Body}");
        return Json!.AsObject();
    }

    public OmieReply Fault(string faultCode, int status = 500)
    {
        Assert.True((int)Status == status && FaultCode == faultCode, $"expected {status} {faultCode}, got {(int)Status}: {Body}");
        return this;
    }

    public static async Task<OmieReply> Read(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = body.Length > 0 ? JsonNode.Parse(body) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not every answer is JSON (HTML instability page, 429 text): Body keeps it.
        }
        return new OmieReply(response.StatusCode, body, json, response.Headers);
    }
}
