using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ErpConnector.Persistence.Omie;
using Microsoft.Extensions.DependencyInjection;

namespace ErpConnector.Service.Tests.Api;

/// <summary><c>POST /webhooks/omie/{token}</c> under attack: the token in odd places, bodies that are not envelopes,
/// and what all of that leaves in the logs (the path holds the token, the body the appKey).</summary>
public sealed class When_a_hostile_omie_push_arrives : IAsyncLifetime
{
    private const string Path = "/webhooks/omie/" + InProcessService.OmieWebhookToken;
    private const string AppKey = "unit-test-app-key";
    private readonly InProcessService _service = new();
    private HttpClient Client => _service.Client;

    public Task InitializeAsync() => _service.InitializeAsync();
    public Task DisposeAsync() => _service.DisposeAsync();

    private static string Envelope(string messageId, string appKey = AppKey) => JsonSerializer.Serialize(new
    {
        messageId, topic = "NFSe.NotaCancelada", @event = new { codigo_os = 987_654_321, numero_nfse = "1" }, appKey, origin = "omie-api",
    });

    private Task<HttpResponseMessage> PostAsync(string path, string body, string contentType = "application/json", string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (apiKey is not null)
        {
            request.Headers.Remove("X-Api-Key");
            request.Headers.Add("X-Api-Key", apiKey);
        }
        return Client.SendAsync(request);
    }

    private async Task<OmiePushDelivery> ClosedAsync(string messageId)
    {
        var deliveries = _service.Services.GetRequiredService<OmiePushDeliveries>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (await deliveries.GetAsync(messageId) is { Status: not OmiePushDeliveries.Received } delivery) return delivery;
            Assert.True(DateTime.UtcNow < deadline, $"Push {messageId} was not processed within 15 s.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task The_token_in_odd_places_is_refused_and_never_logged_nor_is_the_app_key()
    {
        _service.Logs.Start();
        IReadOnlyList<string> entries;
        try
        {
            // A caller that also sends a wrong API key: the authentication handler refuses the key and logs the path.
            using (var r = await PostAsync(Path, Envelope("h-1"), apiKey: "not-a-key-of-this-service")) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            using (var r = await PostAsync(Path + "/", Envelope("h-2"))) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            using (var r = await PostAsync(Path, Envelope("h-3"), contentType: "text/plain")) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            using (var r = await PostAsync(Path.ToUpperInvariant(), Envelope("h-4"))) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            using (var r = await PostAsync("/webhooks/omie/", Envelope("h-5"))) Assert.True(r.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{r.StatusCode}");
            using (var r = await PostAsync("/webhooks/omie?token=" + InProcessService.OmieWebhookToken, Envelope("h-6")))
                Assert.True(r.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{r.StatusCode}");
            using (var r = await PostAsync(Path + "/extra", Envelope("h-7"))) Assert.False(r.IsSuccessStatusCode, $"{r.StatusCode}");
            using (var r = await Client.GetAsync(Path)) Assert.True(r.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{r.StatusCode}");
            using (var r = await PostAsync(Path, "{\"messageId\": \"h-8\", \"appKey\": \"" + AppKey + "\", \"topic\": ")) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            using (var r = await PostAsync(Path, "[1,2,3]")) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            using (var r = await PostAsync(Path, "null")) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            using (var r = await PostAsync(Path, new string('[', 5000) + new string(']', 5000))) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            using (var r = await PostAsync(Path, Envelope("h-9", appKey: AppKey + "-not"))) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            using (var r = await PostAsync(Path, Envelope("h-10\r\nforged log line"))) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            using (var r = await PostAsync(Path, "{\"messageId\":\"h-11\",\"appKey\":\"" + AppKey + "\",\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"))
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
            foreach (var id in new[] { "h-1", "h-2", "h-3" }) Assert.Equal(OmiePushDeliveries.UnknownDeal, (await ClosedAsync(id)).Status);
        }
        finally
        {
            entries = _service.Logs.Stop();
        }

        Assert.Contains(entries, e => e.Contains("h-9", StringComparison.Ordinal)); // the capture works: the wrong appKey is logged by messageId
        foreach (var secret in new[] { InProcessService.OmieWebhookToken, InProcessService.OmieWebhookToken.ToUpperInvariant(), AppKey })
        {
            var leak = entries.FirstOrDefault(e => e.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"a secret appears in the logs: {leak}");
        }
    }

    [Fact]
    public async Task A_push_for_a_deal_held_longer_than_every_retry_waits_and_is_applied_not_abandoned()
    {
        var won = ErpConnector.TestSupport.Deals.DealWonBuilder.AWonDeal().Build();
        await _service.SeedIssuedDealAsync(won, stuck: false);
        var body = JsonSerializer.Serialize(new { messageId = "held-1", topic = "NFSe.NotaCancelada", @event = new { codigo_os = 8150, numero_nfse = "2026000123" }, appKey = AppKey });
        var deliveries = _service.Services.GetRequiredService<OmiePushDeliveries>();
        // Received "in the future", so the sweeper leaves it to this spec.
        Assert.True(await deliveries.TryRecordAsync("held-1", "NFSe.NotaCancelada", 8150, body, OmiePushDeliveries.Received, DateTimeOffset.UtcNow.AddHours(1)));

        // Another worker holds the deal (Omie slow) for longer than Webhooks:Omie:MaxAttempts passes.
        var ledger = _service.Services.GetRequiredService<ErpConnector.Persistence.Deals.IDealLedger>();
        var held = await ledger.TryClaimAsync(won.DealId, "slow-worker", DateTimeOffset.UtcNow, TimeSpan.FromHours(1), default);
        Assert.NotNull(held);
        var processor = _service.Services.GetRequiredService<ErpConnector.Service.Webhooks.Omie.OmiePushProcessor>();
        var maxAttempts = _service.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ErpConnector.Service.Webhooks.Omie.OmieWebhookOptions>>().Value.MaxAttempts;
        for (var i = 0; i < maxAttempts + 5; i++)
            Assert.Equal(ErpConnector.Service.Webhooks.Omie.OmiePushProcessor.Outcome.Busy, await processor.ProcessAsync("held-1", default));

        Assert.True(await ledger.SaveAsync(held!, null, releaseLease: true, DateTimeOffset.UtcNow, default));
        Assert.Equal(ErpConnector.Service.Webhooks.Omie.OmiePushProcessor.Outcome.Applied, await processor.ProcessAsync("held-1", default));
        Assert.Equal(OmiePushDeliveries.Processed, (await deliveries.GetAsync("held-1"))!.Status);
        Assert.Equal(ErpConnector.Domain.Deals.DealState.Cancelled, (await ledger.GetAsync(won.DealId, default))!.State);
    }
}
