using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.Domain.Deals;

namespace ErpConnector.IntegrationTests.SalesOs;

[Collection(SalesOsCollection.Name)]
public sealed class When_a_deal_invoice_is_written_back_to_salesos(SalesOsFixture fixture)
{
    [Fact]
    public async Task An_issued_deal_shows_its_nfse_fields_on_the_salesos_deal_once()
    {
        var dealId = await fixture.WinDealAsync();

        var view = await fixture.WaitForWriteBackAsync(dealId, "issued");

        var salesOs = await fixture.SalesOsDealAsync(dealId);
        var fields = salesOs["deal"]!["custom_fields"]!.AsObject();
        var nfse = view["nfse"]!;
        Assert.Equal("issued", fields["invoice_status"]!.GetValue<string>());
        Assert.Equal(nfse["number"]!.GetValue<string>(), fields["nfse_number"]!.GetValue<string>());
        Assert.Equal(nfse["verificationCode"]!.GetValue<string>(), fields["nfse_verification_code"]!.GetValue<string>());
        Assert.Equal(nfse["url"]!.GetValue<string>(), fields["nfse_pdf_url"]!.GetValue<string>());
        Assert.Equal(view["orderNumber"]?.GetValue<string>(), fields["omie_order_number"]?.GetValue<string>());
        Assert.StartsWith(dealId + ":", fields["erp_connector_sync"]!.GetValue<string>());
        var writes = salesOs["writes"]!.AsArray();
        Assert.Single(writes, w => w!["fields"]!["invoice_status"]?.GetValue<string>() == "issued");
        Assert.Contains(view["history"]!.AsArray(), h => h!["note"]!.GetValue<string>().Contains("SalesOS write-back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_that_expires_mid_run_is_replaced_and_no_write_is_lost()
    {
        var first = await fixture.WinDealAsync();
        await fixture.WaitForWriteBackAsync(first, "issued");
        var tokensBefore = await fixture.TokensIssuedAsync();

        using (var expire = await fixture.Simulator.PostAsync("/_sandbox/salesos/tokens/expire", null)) expire.EnsureSuccessStatusCode();
        var second = await fixture.WinDealAsync();
        await fixture.WaitForWriteBackAsync(second, "issued");

        Assert.True(await fixture.TokensIssuedAsync() > tokensBefore, "a new token was fetched after the old one expired");
        var requests = await fixture.RequestsAsync();
        var patches = requests.Where(r => r!["path"]!.GetValue<string>().EndsWith("/deals/" + second, StringComparison.Ordinal)).ToList();
        Assert.Contains(patches, r => r!["status"]!.GetValue<int>() == 401);
        Assert.Equal(200, patches[^1]!["status"]!.GetValue<int>());
        var fields = (await fixture.SalesOsDealAsync(second))["deal"]!["custom_fields"]!;
        Assert.Equal("issued", fields["invoice_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_429_storm_lands_every_write_and_no_request_comes_before_its_retry_after()
    {
        await fixture.FaultAsync(new { tooManyRequests = 6, retryAfterSeconds = 1 });
        try
        {
            var deals = new List<string>();
            for (var i = 0; i < 5; i++) deals.Add(await fixture.WinDealAsync());

            foreach (var dealId in deals) await fixture.WaitForWriteBackAsync(dealId, "issued", TimeSpan.FromSeconds(90));

            var requests = (await fixture.RequestsAsync()).Select(r => r!.AsObject()).ToList();
            var refused = requests.Where(r => r["status"]!.GetValue<int>() == 429).ToList();
            Assert.Equal(6, refused.Count);
            foreach (var r in refused)
            {
                var at = r["at"]!.GetValue<DateTimeOffset>();
                var until = r["retryAfterUntil"]!.GetValue<DateTimeOffset>();
                // The write-back job writes one deal at a time: every request after a 429 waited for its Retry-After.
                var early = requests.Where(q => q["at"]!.GetValue<DateTimeOffset>() > at && q["at"]!.GetValue<DateTimeOffset>() < until).ToList();
                Assert.Empty(early);
            }
            foreach (var dealId in deals)
                Assert.Equal("issued", (await fixture.SalesOsDealAsync(dealId))["deal"]!["custom_fields"]!["invoice_status"]!.GetValue<string>());
        }
        finally
        {
            await fixture.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task A_deal_updated_echo_of_the_connectors_own_write_is_recognised()
    {
        var dealId = await fixture.WinDealAsync();
        await fixture.WaitForWriteBackAsync(dealId, "issued");
        var deal = (await fixture.SalesOsDealAsync(dealId))["deal"]!.AsObject();
        var envelope = new JsonObject
        {
            ["id"] = $"evt_{Guid.NewGuid():N}", ["type"] = "deal.updated", ["createdAt"] = DateTimeOffset.UtcNow.ToString("O"),
            ["data"] = new JsonObject { ["deal"] = deal.DeepClone() },
        };
        var body = System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("x-salesos-signature", ErpConnector.Service.Webhooks.SalesOsSignature.Sign(body, Production.ProductionSettings.WebhookSecret));

        using var response = await fixture.Api.SendAsync(request);

        var answer = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("echo", answer["status"]!.GetValue<string>());
        Assert.Single((await fixture.SalesOsDealAsync(dealId))["writes"]!.AsArray());
    }
}

[Collection(SalesOsCollection.Name)]
public sealed class When_a_deal_did_not_come_from_salesos(SalesOsFixture fixture)
{
    [Fact]
    public async Task Its_write_back_is_refused_once_and_the_invoice_is_issued_anyway()
    {
        var deal = DealWonBuilder.AWonDeal().Build(); // posted to the API: SalesOS has no such deal (404)
        using (var posted = await fixture.Api.PostAsJsonAsync("/api/deals", deal)) posted.EnsureSuccessStatusCode();

        var view = await fixture.WaitForDealAsync(deal.DealId, d => d["salesOs"]?["status"]?.GetValue<string>() == "refused");

        Assert.Equal(DealState.Issued, view["state"]!.GetValue<string>());
        Assert.Contains("404", view["salesOs"]!["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, view["salesOs"]!["attempts"]!.GetValue<int>());
    }
}
