using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ErpConnector.IntegrationTests.Fixtures;

namespace ErpConnector.IntegrationTests.Production;

/// <summary>POST /webhooks/salesos: signature, staleness, de-duplication, event types, and the deal going through.</summary>
[Collection(ConnectorCollection.Name)]
public sealed class When_salesos_sends_a_webhook(ConnectorFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private HttpClient Anonymous => Credentials.WithApiKey(fixture.Api.BaseAddress!, null);

    [Fact]
    public async Task a_well_signed_deal_won_is_acknowledged_at_once_and_issued()
    {
        var envelope = SalesOs.DealWonEnvelope();
        var dealId = SalesOs.DealId(envelope);
        using var client = Anonymous;

        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(SalesOs.Signed(envelope));
        clock.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("accepted", body["status"]!.GetValue<string>());
        Assert.Equal(dealId, body["dealId"]!.GetValue<string>());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"answered in {clock.ElapsedMilliseconds} ms; SalesOS retries after 10 s");

        // Time to 200 over 20 more deliveries (verify, insert, publish on RabbitMQ, update). Their CNPJ is
        // invalid so they end as DealRejected without an Omie call that could disturb other specs.
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var more = await client.SendAsync(SalesOs.Signed(SalesOs.DealWonEnvelope(taxId: "11.111.111/1111-11")));
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Assert.Equal(HttpStatusCode.OK, more.StatusCode);
        }
        times.Sort();
        output.WriteLine($"webhook 200 in: median {times[10]:0.0} ms, max {times[^1]:0.0} ms (20 deliveries)");
        Assert.True(times[10] < 500, $"median {times[10]} ms");

        var issued = await Ledger.WaitForStateAsync(fixture.Api, dealId, "issued");
        Assert.Equal((string)envelope["id"]!, issued["eventId"]!.GetValue<string>());
        Assert.Equal(1500.50m, issued["total"]!.GetValue<decimal>());
        Assert.NotNull(issued["nfse"]);
    }

    [Fact]
    public async Task a_bad_or_missing_signature_is_401()
    {
        var body = SalesOs.Bytes(SalesOs.DealWonEnvelope());
        using var client = Anonymous;
        foreach (var request in new[]
                 {
                     SalesOs.Delivery(body, null),
                     SalesOs.Delivery(body, "sha256=" + new string('0', 64)),
                     SalesOs.Delivery(body, "sha256=not-hex"),
                     SalesOs.Signed(body, secret: "a-different-secret-of-enough-length"),
                 })
        {
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("webhook.signature_invalid", (await When_the_api_is_called.ErrorAsync(response))["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task a_tampered_body_is_401_and_nothing_is_published()
    {
        var envelope = SalesOs.DealWonEnvelope();
        var body = SalesOs.Bytes(envelope);
        var signature = Service.Webhooks.SalesOsSignature.Sign(body, ProductionSettings.WebhookSecret);
        var tampered = Encoding.UTF8.GetBytes(SalesOs.Text(body).Replace("1500.5", "15.5"));
        Assert.NotEqual(body, tampered);

        using var client = Anonymous;
        using var response = await client.SendAsync(SalesOs.Delivery(tampered, signature));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNeverReachesLedgerAsync(SalesOs.DealId(envelope));
    }

    [Fact]
    public async Task a_stale_or_replayed_delivery_is_refused()
    {
        using var client = Anonymous;
        // A delivery captured 10 minutes ago and sent again (valid signature, old createdAt).
        var old = SalesOs.DealWonEnvelope(createdAt: DateTimeOffset.UtcNow.AddMinutes(-10));
        using (var replay = await client.SendAsync(SalesOs.Signed(old)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
            Assert.Equal("webhook.stale", (await When_the_api_is_called.ErrorAsync(replay))["code"]!.GetValue<string>());
        }
        var future = SalesOs.DealWonEnvelope(createdAt: DateTimeOffset.UtcNow.AddMinutes(10));
        using (var early = await client.SendAsync(SalesOs.Signed(future)))
            Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        await AssertNeverReachesLedgerAsync(SalesOs.DealId(old));
    }

    [Fact]
    public async Task a_repeated_delivery_id_is_acknowledged_but_published_once()
    {
        var envelope = SalesOs.DealWonEnvelope();
        var dealId = SalesOs.DealId(envelope);
        using var client = Anonymous;
        using (var first = await client.SendAsync(SalesOs.Signed(envelope)))
            Assert.Equal("accepted", (await first.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());

        // SalesOS's retry (same bytes) and a re-send with the same id but a fresh createdAt.
        var again = new Dictionary<string, object?>(envelope) { ["createdAt"] = DateTimeOffset.UtcNow.AddSeconds(1).ToString("O") };
        foreach (var request in new[] { SalesOs.Signed(envelope), SalesOs.Signed(again) })
        {
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("duplicate", (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
        }

        var deal = await Ledger.WaitForStateAsync(fixture.Api, dealId, "issued");
        Assert.Single(await fixture.Sandbox.OrdersAsync(ErpConnector.Domain.Deals.OrderIntegrationCode.For(dealId)));
        var history = deal["history"]!.AsArray().Select(h => h!["note"]!.GetValue<string>()).ToList();
        Assert.Single(history, n => n.StartsWith("Deal received", StringComparison.Ordinal));
    }

    [Fact]
    public async Task other_event_types_are_acknowledged_and_ignored()
    {
        var envelope = SalesOs.DealWonEnvelope(type: "deal.lost");
        using var client = Anonymous;
        using var response = await client.SendAsync(SalesOs.Signed(envelope));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
        await AssertNeverReachesLedgerAsync(SalesOs.DealId(envelope));
    }

    [Fact]
    public async Task a_signed_body_that_is_not_an_envelope_is_400()
    {
        using var client = Anonymous;
        foreach (var body in new[] { "not json", "{\"type\":\"deal.won\"}", "{\"id\":\"evt_x\",\"type\":\"deal.won\",\"createdAt\":\"" + DateTimeOffset.UtcNow.ToString("O") + "\"}" })
        {
            using var response = await client.SendAsync(SalesOs.Signed(Encoding.UTF8.GetBytes(body)));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("webhook.invalid_envelope", (await When_the_api_is_called.ErrorAsync(response))["code"]!.GetValue<string>());
        }
    }

    /// <summary>
    /// Called once the refusal or "ignored" answer is in hand: that answer is the positive signal. The endpoint
    /// decides before it publishes and publishes (awaited) only on its "accepted" path, so when a refusal has been
    /// answered nothing about this delivery is in flight and waiting longer could not change the outcome.
    /// </summary>
    private async Task AssertNeverReachesLedgerAsync(string dealId)
    {
        using var response = await fixture.Api.GetAsync($"/api/deals/{dealId}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
