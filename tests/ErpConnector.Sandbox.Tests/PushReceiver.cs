using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Sandbox.Tests;

/// <summary>A webhook endpoint on loopback standing in for the connector: records every delivery and answers
/// scripted statuses (then 200).</summary>
public sealed class PushReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly List<(JsonObject Envelope, int Answered)> _received = [];
    private readonly Lock _gate = new();

    private PushReceiver(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single() + "/webhooks/omie/secret-token";

    public static async Task<PushReceiver> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new PushReceiver(app);
        app.MapPost("/webhooks/omie/{token}", async (HttpRequest request) =>
        {
            var envelope = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            var status = receiver._script.TryDequeue(out var scripted) ? scripted : 200;
            if (status == Hang)
            {
                // Slower than any sender timeout: held until the sender gives up and goes away.
                try { await Task.Delay(TimeSpan.FromSeconds(30), request.HttpContext.RequestAborted); }
                catch (OperationCanceledException) { }
            }
            lock (receiver._gate) receiver._received.Add((envelope, status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>A scripted answer that never comes.</summary>
    public const int Hang = -1;

    /// <summary>The next deliveries get these statuses, in order; later ones get 200.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses) _script.Enqueue(status);
    }

    /// <summary>Every delivery so far, with what it was answered.</summary>
    public IReadOnlyList<(JsonObject Envelope, int Answered)> Received
    {
        get { lock (_gate) return [.. _received]; }
    }

    /// <summary>The envelopes answered 2xx, in arrival order.</summary>
    public IReadOnlyList<JsonObject> Accepted => [.. Received.Where(r => r.Answered is >= 200 and < 300).Select(r => r.Envelope)];

    public static string Topic(JsonObject envelope) => envelope["topic"]!.GetValue<string>();

    /// <summary>Waits until <paramref name="done"/> holds for the accepted deliveries (the positive signal), then returns them.</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitFor(Func<IReadOnlyList<JsonObject>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var accepted = Accepted;
            if (done(accepted)) return accepted;
            await Task.Delay(25);
        }
        Assert.Fail($"never received {what}; got: {string.Join(", ", Received.Select(r => $"{Topic(r.Envelope)}→{r.Answered}"))}");
        return [];
    }

    /// <summary>Waits for a delivery of <paramref name="topic"/> and returns the accepted deliveries up to then.</summary>
    public Task<IReadOnlyList<JsonObject>> WaitForTopic(string topic) => WaitFor(a => a.Any(e => Topic(e) == topic), topic);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
